import type { IHeaders, Kafka } from 'kafkajs';
import { DecodedKafkaBatch } from '../../events/decoded-kafka-batch.ts';
import type { KafkaLambdaEvent, KafkaMessage } from '../../events/kafka-lambda-event.ts';
import type { Logger } from '../logger.ts';

/** A Kafka-triggered function's handler: Lambda calls it with its event, the consumers in this process with the records they decoded. */
export type KafkaEventHandler = (event: KafkaLambdaEvent | DecodedKafkaBatch) => Promise<unknown>;

export interface RunningConsumer {
  /** Resolves once the consumer has joined its group and been assigned partitions. */
  readonly joined: Promise<void>;
  stop(): Promise<void>;
}

export interface KafkaConsumerOptions {
  readonly kafka: Kafka;
  readonly bootstrapServers: readonly string[];
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handler: KafkaEventHandler;
  readonly logger: Logger;
  /** Records per handler call, like an event source mapping's batch size. */
  readonly batchSize?: number;
  /** The librdkafka mock rebalances slowly; tests use 3–6 s with 500 ms heartbeats (DESIGN). */
  readonly sessionTimeout?: number;
  readonly heartbeatInterval?: number;
  readonly maxWaitTimeInMs?: number;
}

const headerText = (headers: IHeaders | undefined): Record<string, string> => {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) decoded[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return decoded;
};

/**
 * Drives a Kafka-triggered function from a kafkajs consumer group the way an event source mapping
 * does: batches of a partition's records, offsets committed only after the handler resolves. A
 * handler that throws leaves the offsets where they were, so the batch is delivered again.
 */
export const startKafkaConsumer = (options: KafkaConsumerOptions): RunningConsumer => {
  const batchSize = options.batchSize ?? 100;
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeout ?? 30_000,
    heartbeatInterval: options.heartbeatInterval ?? 3_000,
    allowAutoTopicCreation: true,
    // A fetch returns after this long even with nothing new: bounds the latency on brokers (the
    // librdkafka mock among them) that do not answer a waiting fetch as soon as data arrives.
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 250,
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 30_000 },
  });
  let markJoined: () => void = () => undefined;
  const joined = new Promise<void>((resolve) => (markJoined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => markJoined());
  const servers = options.bootstrapServers.join(',');
  let stopped = false;

  const run = async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        for (let start = 0; start < batch.messages.length; start += batchSize) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(start, start + batchSize);
          const messages: KafkaMessage[] = chunk.map((message) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            timestamp: Number(message.timestamp),
            key: message.key ? message.key.toString('utf8') : null,
            value: message.value ?? Buffer.alloc(0),
            headers: headerText(message.headers),
          }));
          try {
            await options.handler(new DecodedKafkaBatch(messages, servers));
          } catch (error) {
            options.logger.error('handler failed; the batch will be delivered again', {
              topic: batch.topic,
              partition: batch.partition,
              firstOffset: chunk[0]?.offset,
              error,
            });
            throw error;
          }
          const last = chunk.at(-1);
          if (last) resolveOffset(last.offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
        }
      },
    });
  };

  // A broker that is down at start-up must not keep the HTTP side from serving: keep trying.
  const starting = (async () => {
    for (let attempt = 0; !stopped; attempt += 1) {
      try {
        await run();
        return;
      } catch (error) {
        options.logger.error('Kafka consumer could not start; retrying', { groupId: options.groupId, error });
        await consumer.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5))));
      }
    }
  })();

  return {
    joined,
    async stop() {
      stopped = true;
      await consumer.disconnect().catch(() => undefined);
      await starting.catch(() => undefined);
      await consumer.disconnect().catch(() => undefined);
    },
  };
};
