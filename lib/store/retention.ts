import type { RetentionSettings } from '../runtime/storage-config.ts';
import type { SqlExecutor } from './database.ts';

/** Rows removed by one prune run, per kind, and whether it got through everything expired. */
export interface PruneSummary {
  readonly localLog: number;
  readonly outbox: number;
  readonly deliveries: number;
  readonly deadLetters: number;
  readonly queueDeadLetters: number;
  readonly recoveryFailures: number;
  /** False when a kind had more expired rows than one run's batches take: the next run goes on. */
  readonly complete: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Local-log records older than the cutoff that every consumer group known on their topic has
 * committed past. A group is known on a topic from its first lease (lib/transport/local-log-leases.ts
 * writes its offset 0 then), so a record no one has read yet is never pruned, however old. A
 * topic no group reads (the DLQ) keeps records for the retention only, as Kafka would.
 */
const EXPIRED_LOG_RECORDS = `
  DELETE FROM local_log WHERE "offset" IN (
    SELECT l."offset" FROM local_log l
    WHERE l.created_at < $1
      AND NOT EXISTS (
        SELECT 1 FROM (SELECT DISTINCT k.group_id FROM local_log_commits k WHERE k.topic = l.topic) g
        LEFT JOIN local_log_commits c ON c.group_id = g.group_id AND c.topic = l.topic AND c.partition = l.partition
        WHERE COALESCE(c.committed_offset, 0) < l."offset")
    ORDER BY l.created_at LIMIT $2)
  RETURNING 1`;

const EXPIRED_OUTBOX = `
  DELETE FROM outbox_messages WHERE id IN (SELECT id FROM outbox_messages WHERE created_at < $1 ORDER BY created_at LIMIT $2)
  RETURNING 1`;

/** A delivery is remembered (so a platform's retry is answered 200, not published again) for the retention after it was published, or after a claim whose holder died. */
const EXPIRED_DELIVERIES = `
  DELETE FROM webhook_deliveries WHERE (tenant_id, delivery_key) IN (
    SELECT tenant_id, delivery_key FROM webhook_deliveries WHERE COALESCE(published_at, claimed_at) < $1
    ORDER BY COALESCE(published_at, claimed_at) LIMIT $2)
  RETURNING 1`;

const EXPIRED_DEAD_LETTERS = `
  DELETE FROM dead_letters WHERE source_key IN (SELECT source_key FROM dead_letters WHERE created_at < $1 ORDER BY created_at LIMIT $2)
  RETURNING 1`;

/** The local recovery queue deletes a message once handled; what stays is its dead-letter queue. */
const EXPIRED_QUEUE_DEAD_LETTERS = `
  DELETE FROM local_queue_messages WHERE message_id IN (
    SELECT message_id FROM local_queue_messages WHERE dead_lettered_at IS NOT NULL AND dead_lettered_at < $1
    ORDER BY dead_lettered_at LIMIT $2)
  RETURNING 1`;

/** Why a recovery message failed, kept for its DLQ entry: as long as dead letters. */
const EXPIRED_RECOVERY_FAILURES = `
  DELETE FROM recovery_failures WHERE message_id IN (
    SELECT message_id FROM recovery_failures WHERE last_failed_at < $1 ORDER BY last_failed_at LIMIT $2)
  RETURNING 1`;

/**
 * Removes what the retention settings say has expired, each kind in statements of at most
 * `batchSize` rows (short locks, bounded work) and at most `maxBatches` of them per run.
 */
export const pruneExpired = async (db: SqlExecutor, retention: RetentionSettings, now: Date): Promise<PruneSummary> => {
  let complete = true;
  const prune = async (sql: string, days: number): Promise<number> => {
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    let removed = 0;
    for (let batch = 0; batch < retention.maxBatches; batch += 1) {
      const rows = await db.query(sql, [cutoff, retention.batchSize]);
      removed += rows.length;
      if (rows.length < retention.batchSize) return removed;
    }
    complete = false;
    return removed;
  };
  const localLog = await prune(EXPIRED_LOG_RECORDS, retention.logDays);
  const outbox = await prune(EXPIRED_OUTBOX, retention.outboxDays);
  const deliveries = await prune(EXPIRED_DELIVERIES, retention.deliveriesDays);
  const deadLetters = await prune(EXPIRED_DEAD_LETTERS, retention.deadLettersDays);
  const queueDeadLetters = await prune(EXPIRED_QUEUE_DEAD_LETTERS, retention.deadLettersDays);
  const recoveryFailures = await prune(EXPIRED_RECOVERY_FAILURES, retention.deadLettersDays);
  return { localLog, outbox, deliveries, deadLetters, queueDeadLetters, recoveryFailures, complete };
};
