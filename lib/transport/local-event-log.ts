import { EventEmitter } from 'node:events';
import { toSelfManagedKafkaEvent, type KafkaMessage } from '../../events/kafka-lambda-event.ts';
import { UpstreamUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../store/database.ts';
import { LOCAL_PARTITIONS, type EventLog } from './event-log.ts';
import type { KafkaEventHandler, RunningConsumer } from './kafka-consumer.ts';
import { startPollLoop } from './poll-loop.ts';

/** FNV-1a: a stable key → partition mapping, so one customer's events stay in one partition. */
export const partitionOf = (key: string | null, partitions = LOCAL_PARTITIONS): number => {
  if (key === null) return 0;
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
};

export interface LocalEventLog extends EventLog {
  /** Runs a handler over a topic like a consumer group: Lambda event shape, commit after success. */
  consume(options: { groupId: string; topic: string; handler: KafkaEventHandler; batchSize?: number }): RunningConsumer;
}

/**
 * The embedded default's event log: Kafka's shape (topics, partitions, offsets, consumer-group
 * commits) kept in the store, so an event accepted by a webhook survives a restart exactly as it
 * would on Kafka. Consumers poll, and wake at once when this process publishes.
 */
export const createLocalEventLog = (db: Database, logger: Logger, options: { pollMs?: number } = {}): LocalEventLog => {
  const published = new EventEmitter();
  published.setMaxListeners(0);
  const pollMs = options.pollMs ?? 500;

  const readBatch = async (groupId: string, topic: string, partition: number, limit: number): Promise<KafkaMessage[]> => {
    const rows = await db.query<{ offset: string; key: string | null; value: Uint8Array; headers: Record<string, string>; created_at: Date }>(
      `SELECT "offset"::text AS "offset", key, value, headers, created_at FROM local_log
       WHERE topic = $1 AND partition = $2 AND "offset" > COALESCE(
         (SELECT committed_offset FROM local_log_commits WHERE group_id = $3 AND topic = $1 AND partition = $2), 0)
       ORDER BY "offset" LIMIT $4`,
      [topic, partition, groupId, limit],
    );
    return rows.map((row) => ({
      topic,
      partition,
      offset: row.offset,
      timestamp: new Date(row.created_at).getTime(),
      key: row.key,
      value: Buffer.from(row.value),
      headers: row.headers,
    }));
  };

  const commit = (groupId: string, topic: string, partition: number, offset: string) =>
    db.query(
      `INSERT INTO local_log_commits (group_id, topic, partition, committed_offset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET committed_offset = EXCLUDED.committed_offset`,
      [groupId, topic, partition, offset],
    );

  return {
    kind: 'local',
    async publish(topic, messages) {
      if (messages.length === 0) return;
      try {
        await db.transaction(async (tx) => {
          for (const message of messages) {
            await tx.query(
              'INSERT INTO local_log (topic, partition, key, value, headers) VALUES ($1, $2, $3, $4, $5::jsonb)',
              [topic, partitionOf(message.key), message.key, Buffer.from(message.value, 'utf8'), JSON.stringify(message.headers ?? {})],
            );
          }
        });
      } catch (error) {
        throw new UpstreamUnavailableError(`local event log publish to ${topic} failed: ${(error as Error).message}`, { cause: error });
      }
      published.emit(topic);
    },
    async health() {
      try {
        await db.query('SELECT 1');
        return { ok: true, detail: 'local event log (in the store)' };
      } catch (error) {
        return { ok: false, detail: `local event log: ${(error as Error).message}` };
      }
    },
    async close() {
      published.removeAllListeners();
    },
    consume({ groupId, topic, handler, batchSize = 100 }) {
      const loop = startPollLoop(
        async () => {
          let found = false;
          for (let partition = 0; partition < LOCAL_PARTITIONS; partition += 1) {
            const messages = await readBatch(groupId, topic, partition, batchSize);
            const last = messages.at(-1);
            if (!last) continue;
            await handler(toSelfManagedKafkaEvent(messages, 'local'));
            await commit(groupId, topic, partition, last.offset);
            found = true;
          }
          return { found };
        },
        {
          idleMs: pollMs,
          onError: (error) => logger.error('handler failed; the batch will be delivered again', { topic, groupId, error }),
        },
      );
      const onPublish = () => loop.wake();
      published.on(topic, onPublish);
      return {
        joined: Promise.resolve(),
        async stop() {
          published.off(topic, onPublish);
          await loop.stop();
        },
      };
    },
  };
};
