import { randomUUID } from 'node:crypto';
import { DecodedKafkaBatch } from '../../events/decoded-kafka-batch.ts';
import type { KafkaMessage } from '../../events/kafka-lambda-event.ts';
import { toSqsLambdaEvent, type ReceivedQueueMessage } from '../../events/sqs-lambda-event.ts';
import { LOCAL_PARTITIONS, type EventLog, type OutgoingMessage } from '../transport/event-log.ts';
import type { KafkaEventHandler } from '../transport/kafka-consumer.ts';
import { partitionOf } from '../transport/local-event-log.ts';
import { recoveryMessageOf, succeededIn, type RecoveryQueue, type SqsEventHandler } from '../transport/recovery-queue.ts';

/**
 * The simulator's event log and recovery queue: Kafka's and SQS's shapes (partitions by key,
 * offsets, the Lambda event envelopes, partial batch failures, a dead-letter count) held in memory
 * and delivered only when the simulator drains them, so every consumer runs to completion at one
 * virtual instant before the clock moves on. The handlers are the real Lambda handlers.
 */
export interface SynchronousEventLog extends EventLog {
  /** Delivers everything published so far (and what that publishes) to the consumers; returns how many records. */
  drain(consumers: readonly { readonly topic: string; readonly handler: KafkaEventHandler }[]): Promise<number>;
  /** Records by topic that no consumer took (the dead-letter topic, for one). */
  undelivered(topic: string): number;
}

interface Partition {
  readonly messages: KafkaMessage[];
  delivered: number;
}

const BATCH_SIZE = 100;
/** A batch that keeps failing is redelivered this often, then counted as failed (the simulation reports it). */
const MAX_BATCH_ATTEMPTS = 3;

export const createSynchronousEventLog = (clock: () => Date, onFailure: (what: string, error: unknown) => void): SynchronousEventLog => {
  const topics = new Map<string, Partition[]>();
  const partitionsOf = (topic: string): Partition[] => {
    let partitions = topics.get(topic);
    if (!partitions) {
      partitions = Array.from({ length: LOCAL_PARTITIONS }, () => ({ messages: [], delivered: 0 }));
      topics.set(topic, partitions);
    }
    return partitions;
  };
  return {
    kind: 'local',
    async publish(topic: string, messages: readonly OutgoingMessage[]) {
      for (const message of messages) {
        const partition = partitionOf(message.key);
        const target = partitionsOf(topic)[partition] as Partition;
        target.messages.push({
          topic,
          partition,
          offset: String(target.messages.length + 1),
          timestamp: clock().getTime(),
          key: message.key,
          value: Buffer.from(message.value, 'utf8'),
          headers: { ...(message.headers ?? {}) },
        });
      }
    },
    async health() {
      return { ok: true, detail: 'simulation event log (in memory)' };
    },
    async close() {},
    async drain(consumers) {
      let total = 0;
      for (let pass = 0; ; pass += 1) {
        let found = 0;
        for (const consumer of consumers) {
          for (const partition of partitionsOf(consumer.topic)) {
            while (partition.delivered < partition.messages.length) {
              const batch = partition.messages.slice(partition.delivered, partition.delivered + BATCH_SIZE);
              for (let attempt = 1; ; attempt += 1) {
                try {
                  await consumer.handler(new DecodedKafkaBatch(batch, 'simulation'));
                  break;
                } catch (error) {
                  if (attempt >= MAX_BATCH_ATTEMPTS) {
                    onFailure(`${consumer.topic} batch of ${batch.length} failed ${attempt} times`, error);
                    break;
                  }
                }
              }
              partition.delivered += batch.length;
              found += batch.length;
            }
          }
        }
        total += found;
        if (found === 0) return total;
      }
    },
    undelivered(topic) {
      return partitionsOf(topic).reduce((sum, partition) => sum + partition.messages.length - partition.delivered, 0);
    },
  };
};

export interface SynchronousRecoveryQueue extends RecoveryQueue {
  /** Delivers every queued signal to the handler in SQS batches; failed ones are redelivered up to maxReceiveCount. */
  drain(handler: SqsEventHandler): Promise<number>;
  /** Signals that used up their receives (SQS would move them to the DLQ). */
  readonly deadLettered: number;
}

export const createSynchronousRecoveryQueue = (clock: () => Date, maxReceiveCount = 5): SynchronousRecoveryQueue => {
  const waiting: (ReceivedQueueMessage & { receiveCount: number })[] = [];
  let deadLettered = 0;
  return {
    kind: 'local',
    async send(signal) {
      const { body, attributes } = recoveryMessageOf(signal);
      const messageId = randomUUID();
      const sentAt = clock();
      waiting.push({ messageId, receiptHandle: messageId, body, attributes, receiveCount: 0, sentAt, firstReceivedAt: sentAt });
      return { messageId };
    },
    consume() {
      throw new Error('the simulation drives the recovery function with drain()');
    },
    async health() {
      return { ok: true, detail: 'simulation recovery queue (in memory)' };
    },
    async close() {},
    get deadLettered() {
      return deadLettered;
    },
    async drain(handler) {
      let delivered = 0;
      while (waiting.length > 0) {
        const batch = waiting.splice(0, 10).map((message) => ({ ...message, receiveCount: message.receiveCount + 1 }));
        const response = await handler(toSqsLambdaEvent(batch, 'arn:aws:sqs:local:000000000000:afterglow-simulation'));
        const succeeded = new Set(succeededIn(batch, response).map((message) => message.messageId));
        for (const message of batch) {
          if (succeeded.has(message.messageId)) delivered += 1;
          else if (message.receiveCount >= maxReceiveCount) deadLettered += 1;
          else waiting.push(message);
        }
      }
      return delivered;
    },
  };
};
