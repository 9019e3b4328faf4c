import type { SqlExecutor } from './database.ts';

/** Why a recovery queue message failed: SQS moves it to the DLQ after N tries but keeps no reason. */
export interface RecoveryFailure {
  readonly messageId: string;
  readonly queue: string;
  readonly tenantId: string | null;
  readonly signalId: string | null;
  /** The latest failure's reason. */
  readonly reason: string;
  readonly errorName: string | null;
  /** Whether a later delivery may succeed (a provider down) or not (a provider refusing). */
  readonly retryable: boolean;
  /** The receive count of the latest failure: at the queue's max receive count it went to the DLQ. */
  readonly receiveCount: number;
  readonly body: string;
  readonly attempts: readonly { readonly receiveCount: number; readonly reason: string; readonly at: string }[];
  readonly firstFailedAt: Date;
  readonly lastFailedAt: Date;
}

export type RecoveryFailureInput = Omit<RecoveryFailure, 'attempts' | 'firstFailedAt' | 'lastFailedAt'> & { readonly at: Date };

export interface RecoveryFailureRepository {
  /** Records one failed delivery of a message: the latest reason, and the attempt in its history. */
  record(failure: RecoveryFailureInput): Promise<void>;
  find(messageId: string): Promise<RecoveryFailure | null>;
}

interface FailureRow {
  message_id: string;
  queue: string;
  tenant_id: string | null;
  signal_id: string | null;
  reason: string;
  error_name: string | null;
  retryable: boolean;
  receive_count: number;
  body: string;
  attempts: RecoveryFailure['attempts'];
  first_failed_at: Date;
  last_failed_at: Date;
}

export const createRecoveryFailureRepository = (db: SqlExecutor): RecoveryFailureRepository => ({
  async record(failure) {
    const attempt = JSON.stringify([{ receiveCount: failure.receiveCount, reason: failure.reason, at: failure.at.toISOString() }]);
    await db.query(
      `INSERT INTO recovery_failures (message_id, queue, tenant_id, signal_id, reason, error_name, retryable, receive_count,
         body, attempts, first_failed_at, last_failed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $11)
       ON CONFLICT (message_id) DO UPDATE SET reason = EXCLUDED.reason, error_name = EXCLUDED.error_name,
         retryable = EXCLUDED.retryable, receive_count = EXCLUDED.receive_count,
         tenant_id = COALESCE(EXCLUDED.tenant_id, recovery_failures.tenant_id),
         signal_id = COALESCE(EXCLUDED.signal_id, recovery_failures.signal_id),
         attempts = recovery_failures.attempts || EXCLUDED.attempts, last_failed_at = EXCLUDED.last_failed_at`,
      [
        failure.messageId,
        failure.queue,
        failure.tenantId,
        failure.signalId,
        failure.reason,
        failure.errorName,
        failure.retryable,
        failure.receiveCount,
        failure.body,
        attempt,
        failure.at,
      ],
    );
  },
  async find(messageId) {
    const [row] = await db.query<FailureRow>('SELECT * FROM recovery_failures WHERE message_id = $1', [messageId]);
    return row
      ? {
          messageId: row.message_id,
          queue: row.queue,
          tenantId: row.tenant_id,
          signalId: row.signal_id,
          reason: row.reason,
          errorName: row.error_name,
          retryable: row.retryable,
          receiveCount: Number(row.receive_count),
          body: row.body,
          attempts: row.attempts,
          firstFailedAt: new Date(row.first_failed_at),
          lastFailedAt: new Date(row.last_failed_at),
        }
      : null;
  },
});
