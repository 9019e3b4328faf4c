import { randomUUID } from 'node:crypto';
import type { Database, SqlExecutor } from './database.ts';

/**
 * `helpdesk_jobs`: what afterglow owes a tenant's helpdesk, worked by the helpdeskJobs schedule
 * (lib/recovery/helpdesk-jobs.ts) rather than inline, so a helpdesk outage delays the work and
 * loses none of it.
 */
export const HELPDESK_JOB_KINDS = ['solve_ticket', 'redact_ticket'] as const;
export type HelpdeskJobKind = (typeof HELPDESK_JOB_KINDS)[number];
export type HelpdeskJobState = 'pending' | 'done' | 'failed' | 'cancelled';

export interface NewHelpdeskJob {
  readonly tenantId: string;
  readonly kind: HelpdeskJobKind;
  /** One job per key and tenant: enqueueing it again changes nothing (see `renew`). */
  readonly dedupeKey: string;
  readonly ticketId: string;
  readonly caseId: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
  /** When a job of this key already finished (done, failed, cancelled), make it pending again. */
  readonly renew?: boolean;
  /** Recorded as already cancelled, with this reason: it holds its key so that no later enqueue does the work. */
  readonly cancelledBecause?: string;
}

export interface HelpdeskJob extends Omit<NewHelpdeskJob, 'renew' | 'cancelledBecause'> {
  readonly id: string;
  readonly state: HelpdeskJobState;
  /** Attempts so far, the one under way included once claimed. */
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

interface JobRow {
  id: string;
  tenant_id: string;
  kind: HelpdeskJobKind;
  dedupe_key: string;
  ticket_id: string;
  case_id: string | null;
  payload: Record<string, unknown>;
  state: HelpdeskJobState;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const COLUMNS = 'id, tenant_id, kind, dedupe_key, ticket_id, case_id, payload, state, attempts, next_attempt_at, last_error, created_at, updated_at, finished_at';

const jobOf = (row: JobRow): HelpdeskJob => ({
  id: row.id,
  tenantId: row.tenant_id,
  kind: row.kind,
  dedupeKey: row.dedupe_key,
  ticketId: row.ticket_id,
  caseId: row.case_id,
  payload: row.payload,
  state: row.state,
  attempts: Number(row.attempts),
  nextAttemptAt: new Date(row.next_attempt_at),
  lastError: row.last_error,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
  finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
});

/** Enqueues on any executor: the erasure transaction enqueues its redactions with its own writes. */
export const enqueueHelpdeskJob = async (db: SqlExecutor, job: NewHelpdeskJob, at: Date): Promise<void> => {
  const onConflict = job.renew
    ? `DO UPDATE SET state = 'pending', attempts = 0, next_attempt_at = EXCLUDED.next_attempt_at, lease_until = NULL, last_error = NULL,
         finished_at = NULL, payload = EXCLUDED.payload, updated_at = EXCLUDED.updated_at
       WHERE helpdesk_jobs.state <> 'pending'`
    : 'DO NOTHING';
  await db.query(
    `INSERT INTO helpdesk_jobs (id, tenant_id, kind, dedupe_key, ticket_id, case_id, payload, next_attempt_at, created_at, updated_at,
       state, last_error, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $8, $8, CASE WHEN $9::text IS NULL THEN 'pending' ELSE 'cancelled' END, $9,
       CASE WHEN $9::text IS NULL THEN NULL ELSE $8::timestamptz END)
     ON CONFLICT (tenant_id, dedupe_key) ${onConflict}`,
    [`hj_${randomUUID()}`, job.tenantId, job.kind, job.dedupeKey, job.ticketId, job.caseId, JSON.stringify(job.payload), at, job.cancelledBecause ?? null],
  );
};

export interface HelpdeskJobRepository {
  enqueue(job: NewHelpdeskJob, at: Date): Promise<void>;
  /**
   * Up to `limit` pending jobs due at `now`, each leased for `leaseMs` and its attempt counted, so
   * two overlapping runs never work the same job (a run that dies leaves it to the next after the lease).
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<HelpdeskJob[]>;
  finish(id: string, state: 'done' | 'failed' | 'cancelled', error: string | null, at: Date): Promise<void>;
  retryLater(id: string, error: string, nextAttemptAt: Date, at: Date): Promise<void>;
  list(tenantId: string, options?: { readonly state?: HelpdeskJobState; readonly caseId?: string }): Promise<HelpdeskJob[]>;
  /** The case whose ticket this is (afterglow recorded its id when it opened it). */
  caseIdForTicket(tenantId: string, ticketId: string): Promise<string | null>;
}

export const createHelpdeskJobRepository = (db: Database): HelpdeskJobRepository => ({
  enqueue: (job, at) => enqueueHelpdeskJob(db, job, at),
  async claimDue(now, limit, leaseMs) {
    const rows = await db.query<JobRow>(
      `UPDATE helpdesk_jobs SET lease_until = $2, attempts = attempts + 1, updated_at = $1
       WHERE id IN (
         SELECT id FROM helpdesk_jobs
         WHERE state = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
       )
       RETURNING ${COLUMNS}`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    return rows.map(jobOf).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id.localeCompare(b.id));
  },
  async finish(id, state, error, at) {
    await db.query(
      `UPDATE helpdesk_jobs SET state = $2, last_error = $3, lease_until = NULL, finished_at = $4, updated_at = $4 WHERE id = $1`,
      [id, state, error, at],
    );
  },
  async retryLater(id, error, nextAttemptAt, at) {
    await db.query(
      `UPDATE helpdesk_jobs SET last_error = $2, next_attempt_at = $3, lease_until = NULL, updated_at = $4 WHERE id = $1 AND state = 'pending'`,
      [id, error, nextAttemptAt, at],
    );
  },
  async list(tenantId, options = {}) {
    const rows = await db.query<JobRow>(
      `SELECT ${COLUMNS} FROM helpdesk_jobs
       WHERE tenant_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR case_id = $3)
       ORDER BY created_at, id`,
      [tenantId, options.state ?? null, options.caseId ?? null],
    );
    return rows.map(jobOf);
  },
  async caseIdForTicket(tenantId, ticketId) {
    const [row] = await db.query<{ id: string }>(
      'SELECT id FROM recovery_cases WHERE tenant_id = $1 AND ticket_id = $2 ORDER BY opened_at DESC LIMIT 1',
      [tenantId, ticketId],
    );
    return row?.id ?? null;
  },
});
