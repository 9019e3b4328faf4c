import { Kafka, logLevel, Partitioners, type Message, type Producer } from 'kafkajs';
import { groupCalls, type GroupedCalls } from '../batching/grouped-calls.ts';
import { UpstreamUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { withCorrelationHeaders, type EventLog } from './event-log.ts';
import type { KafkaSettings } from './kafka-config.ts';

/** Routes kafkajs' own log lines into afterglow's structured log. */
export const kafkaLogCreator = (logger: Logger) => () => (entry: { level: number; log: { message: string } & Record<string, unknown> }) => {
  const { message, ...fields } = entry.log;
  if (entry.level <= logLevel.ERROR) logger.error(`kafkajs: ${message}`, fields);
  else if (entry.level === logLevel.WARN) logger.warn(`kafkajs: ${message}`, fields);
};

/**
 * A produce request's messages at most, in bytes: under the broker's default `message.max.bytes`
 * (1 MiB per record batch), so grouping never makes a request the broker refuses that each
 * publish alone would have passed (one publish over it still goes, alone, as before).
 */
const MAX_GROUP_BYTES = 512 * 1024;

export const createKafkaClient = (settings: KafkaSettings, logger: Logger): Kafka =>
  new Kafka({ ...settings.kafka, logCreator: kafkaLogCreator(logger) });

/** The bytes of a message that count against a produce request's size. */
const messageBytes = (message: Message): number =>
  Buffer.byteLength(message.value as string) + (message.key ? Buffer.byteLength(message.key as string) : 0) + 64;

/**
 * Publishes with kafkajs, acks from all in-sync replicas. The producer connects on first use and,
 * after a failure, is rebuilt on the next publish, so a broker that comes back is used again.
 *
 * Publishes to one topic made at the same time go as one produce request (one record batch per
 * partition, in one request per leader): they gather while `settings.batching.maxInFlight`
 * requests are out, or for `lingerMs`, up to `maxItems` messages and `MAX_GROUP_BYTES`. Each
 * publish resolves only once the request holding its messages is acknowledged by every in-sync
 * replica; if the request fails, every publish in it fails (some of its messages may be on the log:
 * at-least-once, and consumers are idempotent).
 */
export const createKafkaEventLog = (settings: KafkaSettings, logger: Logger): EventLog => {
  const kafka = createKafkaClient(settings, logger);
  let producer: Promise<Producer> | null = null;
  const connectedProducer = (): Promise<Producer> => {
    producer ??= (async () => {
      const created = kafka.producer({
        idempotent: settings.idempotent,
        allowAutoTopicCreation: true,
        createPartitioner: Partitioners.DefaultPartitioner,
        ...(settings.idempotent ? { maxInFlightRequests: 1 } : {}),
      });
      await created.connect();
      return created;
    })();
    return producer;
  };
  const discardProducer = async () => {
    const current = producer;
    producer = null;
    await current?.then((created) => created.disconnect()).catch(() => undefined);
  };

  const sendGrouped = (topic: string): GroupedCalls<readonly Message[], void> =>
    groupCalls<readonly Message[], void>(
      async (groups) => {
        try {
          const created = await connectedProducer();
          await created.send({ topic, acks: -1, messages: groups.flat() });
          return groups.map(() => undefined);
        } catch (error) {
          await discardProducer();
          throw new UpstreamUnavailableError(`Kafka publish to ${topic} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
      },
      {
        ...settings.batching,
        weight: (messages) => messages.reduce((total, message) => total + messageBytes(message), 0),
        maxWeight: MAX_GROUP_BYTES,
      },
    );
  const topics = new Map<string, GroupedCalls<readonly Message[], void>>();

  return {
    kind: 'kafka',
    async publish(topic, messages) {
      if (messages.length === 0) return;
      // The correlation header is the caller's: taken here, before the publish joins a group.
      const outgoing = withCorrelationHeaders(messages).map((message) => ({
        key: message.key,
        value: message.value,
        ...(message.headers ? { headers: { ...message.headers } } : {}),
      }));
      let send = topics.get(topic);
      if (!send) topics.set(topic, (send = sendGrouped(topic)));
      await send(outgoing);
    },
    async health() {
      const admin = kafka.admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return { ok: true, detail: `kafka: ${cluster.brokers.length} broker(s) reachable` };
      } catch (error) {
        return { ok: false, detail: `kafka: ${(error as Error).message}` };
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    async close() {
      await discardProducer();
    },
  };
};
