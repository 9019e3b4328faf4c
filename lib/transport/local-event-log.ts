import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { DecodedKafkaBatch } from '../../events/decoded-kafka-batch.ts';
import type { KafkaMessage } from '../../events/kafka-lambda-event.ts';
import { CallFailed, groupCalls } from '../batching/grouped-calls.ts';
import { UpstreamUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { holdCommitOrder } from '../store/commit-order.ts';
import type { Database } from '../store/database.ts';
import { LOCAL_PARTITIONS, withCorrelationHeaders, type EventLog, type OutgoingMessage } from './event-log.ts';
import type { KafkaEventHandler, RunningConsumer } from './kafka-consumer.ts';
import { createPartitionLeases, type PartitionLeases } from './local-log-leases.ts';
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
  /** Runs a handler over a topic like a consumer group: a partition's records at a time, commit after success. */
  consume(options: { groupId: string; topic: string; handler: KafkaEventHandler; batchSize?: number }): RunningConsumer;
}

export interface LocalEventLogOptions {
  readonly pollMs?: number;
  /** How long a consumer's lease on a partition lasts unless renewed (AFTERGLOW_LOCAL_LOG_LEASE_MS). */
  readonly leaseMs?: number;
  /**
   * Who this process is, as a lease owner. Default: unique per consumer. PGlite passes a fixed
   * name: the store lock makes one process its only user, so a process started after a crash
   * takes over its predecessor's leases at once instead of waiting for them to expire.
   */
  readonly owner?: string;
  /**
   * After a round of batches none of which was full, how long a consumer lets the log gather before
   * it reads again. Most of a batch's statements are per batch (lease, erasure check, one upsert for
   * all its orders, commit), so under a steady stream of publishes a consumer that read each
   * partition again at once would run batches of one or two, and spend the store's time on them.
   */
  readonly gatherMs?: number;
}

export const DEFAULT_GATHER_MS = 50;

export const DEFAULT_LEASE_MS = 10_000;

/**
 * How concurrent publishes share one transaction: a group starts on the next turn of the event
 * loop, or once the one before it has committed, so the busier the intake the larger the groups
 * (one commit, and on PGlite one flush to its files, for all of them) and an idle publish waits
 * for nobody.
 */
export const LOCAL_APPEND_GROUPING = { lingerMs: 0, maxInFlight: 1, maxItems: 256 } as const;

const ROWS_PER_INSERT = 1000;

interface Append {
  readonly topic: string;
  /** With their correlation headers already set: the group runs in its first caller's context, not in each one's. */
  readonly messages: readonly OutgoingMessage[];
}

export const partitionScope = (topic: string, partition: number): string => `local_log:${topic}:${partition}`;

/**
 * The embedded default's event log: Kafka's shape (topics, partitions, offsets, consumer-group
 * commits) kept in the store, so an event accepted by a webhook survives a restart exactly as it
 * would on Kafka. Consumers poll, and wake at once when this process publishes.
 *
 * Why no record is ever skipped: consumers read `offset > committed`, and an offset is taken at
 * insert but seen at commit. A publish therefore holds its partitions' commit-order locks from
 * before it takes offsets until it commits, so within a partition offsets become visible in
 * order: once a reader sees offset n, every lower offset of that partition is already visible
 * (or was rolled back, and never will be). Which process reads a partition is decided by leases
 * (lib/transport/local-log-leases.ts): one owner at a time, committed offsets only forward.
 */
export const createLocalEventLog = (db: Database, logger: Logger, options: LocalEventLogOptions = {}): LocalEventLog => {
  const published = new EventEmitter();
  published.setMaxListeners(0);
  const pollMs = options.pollMs ?? 500;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const gatherMs = options.gatherMs ?? DEFAULT_GATHER_MS;

  const readBatch = async (groupId: string, topic: string, partition: number, limit: number): Promise<KafkaMessage[]> => {
    const rows = await db.query<{ offset: string; key: string | null; value: Uint8Array; headers: Record<string, string>; created_at: Date }>(
      `SELECT "offset"::text AS "offset", key, value, headers, created_at FROM local_log
       WHERE topic = $1 AND partition = $2 AND "offset" > COALESCE(
         (SELECT committed_offset FROM local_log_commits WHERE group_id = $3 AND topic = $1 AND partition = $2), 0)
       ORDER BY local_log."offset" LIMIT $4`,
      // (qualified: the bare name would sort by the text alias above, "10" before "9")
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

  /** Runs `work` while renewing the partition's lease, so a long batch does not lose it. */
  const whileRenewing = async <T>(leases: PartitionLeases, partition: number, work: () => Promise<T>): Promise<T> => {
    const renewal = setInterval(() => {
      leases.hold(partition, { renew: true }).catch((error: unknown) => logger.warn('lease renewal failed', { partition, error }));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    try {
      return await work();
    } finally {
      clearInterval(renewal);
    }
  };

  /** The appends of a group in one transaction: every message in one INSERT, in the order the publishes were made. */
  const appendTogether = (appends: readonly Append[]) =>
    db.transaction(async (tx) => {
      const rows = appends.flatMap(({ topic, messages }) => messages.map((message) => ({ topic, partition: partitionOf(message.key), message })));
      await holdCommitOrder(tx, rows.map((row) => partitionScope(row.topic, row.partition)));
      // A statement takes at most 65 535 parameters: a large publish goes in several.
      for (let first = 0; first < rows.length; first += ROWS_PER_INSERT) {
        const params: unknown[] = [];
        const values = rows.slice(first, first + ROWS_PER_INSERT).map(({ topic, partition, message }) => {
          params.push(topic, partition, message.key, Buffer.from(message.value, 'utf8'), JSON.stringify(message.headers ?? {}));
          const at = params.length - 4;
          return `($${at}, $${at + 1}::int, $${at + 2}, $${at + 3}::bytea, $${at + 4}::jsonb)`;
        });
        // A multi-row VALUES takes its offsets (the bigserial default) row by row, in this order.
        await tx.query(`INSERT INTO local_log (topic, partition, key, value, headers) VALUES ${values.join(', ')}`, params);
      }
    });

  /**
   * Concurrent publishes are appended in one transaction (lib/batching): each publish resolves only
   * once the transaction that holds its messages has committed. When a group's transaction fails,
   * its halves are tried, and theirs, so a message the store refuses fails only its own publish,
   * at the cost of a few transactions rather than one per publish of the group.
   */
  const appendOrSplit = async (group: readonly Append[]): Promise<(undefined | CallFailed)[]> => {
    try {
      await appendTogether(group);
      return group.map(() => undefined);
    } catch (error) {
      if (group.length === 1) return [new CallFailed(error)];
      const half = Math.ceil(group.length / 2);
      return [...(await appendOrSplit(group.slice(0, half))), ...(await appendOrSplit(group.slice(half)))];
    }
  };
  const appends = groupCalls<Append, void>(appendOrSplit, LOCAL_APPEND_GROUPING);

  return {
    kind: 'local',
    async publish(topic, messages) {
      if (messages.length === 0) return;
      try {
        await appends({ topic, messages: withCorrelationHeaders(messages) });
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
      const leases = createPartitionLeases(db, {
        groupId,
        topic,
        owner: options.owner ?? `${hostname()}:${process.pid}:${randomUUID()}`,
        leaseMs,
      });
      const loop = startPollLoop(
        async () => {
          let found = false;
          let full = false;
          for (let partition = 0; partition < LOCAL_PARTITIONS; partition += 1) {
            if (!(await leases.hold(partition))) continue;
            const messages = await readBatch(groupId, topic, partition, batchSize);
            const last = messages.at(-1);
            if (!last) continue;
            full ||= messages.length >= batchSize;
            await whileRenewing(leases, partition, () => handler(new DecodedKafkaBatch(messages, 'local')));
            if (!(await leases.commit(partition, last.offset))) {
              logger.warn('the lease on a partition was lost while its batch ran; its next owner delivers the batch again', {
                topic,
                groupId,
                partition,
              });
            }
            found = true;
          }
          if (found && !full && gatherMs > 0) await new Promise((resolve) => setTimeout(resolve, gatherMs));
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
          await leases.release().catch((error: unknown) => logger.warn('releasing the partition leases failed; they expire', { topic, groupId, error }));
        },
      };
    },
  };
};
