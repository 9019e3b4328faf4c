import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { KafkaMessage } from '../../events/kafka-lambda-event.ts';
import { UpstreamUnavailableError } from '../errors.ts';
import type { SqlExecutor } from '../store/database.ts';

/** Reads what a topic holds now, from its first record to its last (the redrive's view of the DLQ and source topics). */
export interface TopicReader {
  readAll(topic: string): Promise<KafkaMessage[]>;
}

/** The store-backed local log (`npm start` without KAFKA_BROKERS). */
export const createLocalTopicReader = (db: SqlExecutor): TopicReader => ({
  async readAll(topic) {
    const rows = await db.query<{ offset: string; partition: number; key: string | null; value: Uint8Array; headers: Record<string, string>; created_at: Date }>(
      `SELECT "offset"::text AS "offset", partition, key, value, headers, created_at FROM local_log WHERE topic = $1 ORDER BY partition, "offset"`,
      [topic],
    );
    return rows.map((row) => ({
      topic,
      partition: row.partition,
      offset: row.offset,
      timestamp: new Date(row.created_at).getTime(),
      key: row.key,
      value: Buffer.from(row.value),
      headers: row.headers ?? {},
    }));
  },
});

const headerText = (headers: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([name, value]) => {
      const first = Array.isArray(value) ? value[0] : value;
      return first === undefined ? [] : [[name, Buffer.isBuffer(first) ? first.toString('utf8') : String(first)]];
    }),
  );

/**
 * Kafka: the high-water marks first (what "now" is), then a throwaway consumer group from the
 * beginning until every partition has reached them; the group is deleted afterwards.
 */
export const createKafkaTopicReader = (kafka: Kafka, options: { timeoutMs?: number } = {}): TopicReader => ({
  async readAll(topic) {
    const admin = kafka.admin();
    await admin.connect();
    const groupId = `afterglow-redrive-${randomUUID()}`;
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      const pending = new Map(offsets.filter((entry) => BigInt(entry.high) > BigInt(entry.low)).map((entry) => [entry.partition, BigInt(entry.high) - 1n]));
      if (pending.size === 0) return [];
      const messages: KafkaMessage[] = [];
      const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 250 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new UpstreamUnavailableError(`reading ${topic} took longer than ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
          consumer
            .run({
              eachMessage: async ({ partition, message }) => {
                const last = pending.get(partition);
                if (last === undefined || BigInt(message.offset) > last) return;
                messages.push({
                  topic,
                  partition,
                  offset: message.offset,
                  timestamp: Number(message.timestamp),
                  key: message.key ? message.key.toString('utf8') : null,
                  value: message.value ?? Buffer.alloc(0),
                  headers: headerText(message.headers as Record<string, unknown>),
                });
                if (BigInt(message.offset) >= last) pending.delete(partition);
                if (pending.size === 0) {
                  clearTimeout(timer);
                  resolve();
                }
              },
            })
            .catch(reject);
        });
      } finally {
        await consumer.disconnect().catch(() => undefined);
      }
      return messages.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
    } finally {
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  },
});
