import type { ProviderAttempt } from '../providers/call-provider.ts';
import { ASK_KINDS, ASK_RANK, isTransactional, type AskKind } from '../journey/ask-kinds.ts';
import type { Database, SqlExecutor } from './database.ts';

export type OutreachState = 'scheduled' | 'sending' | 'sent' | 'withdrawn' | 'skipped' | 'failed';

export interface Outreach {
  readonly id: string;
  readonly tenantId: string;
  readonly orderId: string | null;
  readonly customerKey: string;
  readonly kind: AskKind;
  readonly dedupeKey: string;
  readonly state: OutreachState;
  readonly journeyAt: Date;
  readonly dueAt: Date;
  readonly fixedTime: boolean;
  readonly basis: string;
  readonly payload: Record<string, unknown>;
  readonly postponements: number;
  readonly lastPostponedReason: string | null;
  readonly sendAttempts: number;
  readonly leaseToken: string | null;
  readonly channel: 'email' | 'sms' | null;
  readonly recipient: string | null;
  readonly provider: string | null;
  readonly providerMessageId: string | null;
  readonly outcomeReason: string | null;
  /** What kind of reason ended it (`consent`: it comes back when the consent settings change). */
  readonly outcomeCause: string | null;
  readonly sentAt: Date | null;
}

/** One step of an ask's history, at the time of the clock that did the work. */
export interface OutreachHistoryEntry {
  readonly outreachId: string;
  readonly at: Date;
  readonly action: 'planned' | 'moved' | 'postponed' | 'retry' | 'sent' | 'failed' | 'skipped' | 'withdrawn' | 'replanned';
  readonly reason: string | null;
  readonly dueAt: Date | null;
  /** The ask that took the budget or had to go first. */
  readonly blockedBy: string | null;
}

/** How long asks skipped for consent may still come back (see `replanSkippedForConsent`). */
export interface ConsentReplanWindows {
  /** A feedback request (and the other order asks with a page link) until its link would have expired. */
  readonly linkTtlDays: number;
  /** A review invitation within this many days of its trigger. */
  readonly frequencyDays: number;
  readonly reviewDelayDays: number;
}

export interface AskToSchedule {
  readonly id: string;
  readonly tenantId: string;
  readonly orderId: string | null;
  readonly customerKey: string;
  readonly kind: AskKind;
  /** Once per this key and tenant, ever: `<order id>:<kind>` for order asks. */
  readonly dedupeKey: string;
  readonly journeyAt: Date;
  readonly fixedTime: boolean;
  readonly basis: 'trigger' | 'fallback' | string;
  readonly payload?: Record<string, unknown>;
  /**
   * When it was planned, by the clock of the function that planned it: the timeline shows every
   * step by the clock that did the work (a simulated or replayed run reads back as it ran).
   */
  readonly plannedAt: Date;
}

export interface OutreachRepository {
  /** Schedules an ask once per dedupe key (see SCHEDULE_ASKS for how a pending one moves). */
  schedule(ask: AskToSchedule, executor?: SqlExecutor): Promise<'scheduled' | 'moved' | 'unchanged'>;
  /** `schedule` for many asks in one statement (at most one per tenant and dedupe key). */
  scheduleMany(asks: readonly AskToSchedule[]): Promise<void>;
  /** Withdraws the order's pending asks (all kinds, or the kinds given); returns how many. */
  withdrawPending(tenantId: string, orderId: string, reason: string, kinds: readonly AskKind[] | undefined, at: Date): Promise<number>;
  /**
   * Takes up to `limit` asks that are due at `now` (or whose dispatcher vanished: lease expired)
   * for this dispatcher alone: concurrent dispatchers, in any process, never take the same ask.
   * Leases run on the database's clock, not `now`: a run for another moment (`dispatch --now`)
   * must not take over asks that a run on the wall clock is sending this minute.
   */
  claimDue(now: Date, limit: number, leaseToken: string, leaseMs: number): Promise<Outreach[]>;
  /**
   * Runs `decide` for one ask while holding the customer's lock, so two dispatchers cannot both
   * spend the last of one person's contact budget.
   */
  withCustomerLock<T>(tenantId: string, customerKey: string, decide: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * The customer's asks that can matter to a decision at `around` (read under the customer's lock):
   * everything pending, and what was sent in the last `lookBackDays` days.
   */
  customerAsks(tx: SqlExecutor, tenantId: string, customerKey: string, around: Date, lookBackDays: number): Promise<Outreach[]>;
  approve(tx: SqlExecutor, id: string, leaseToken: string, channel: 'email' | 'sms', recipient: string): Promise<void>;
  postpone(tx: SqlExecutor, id: string, leaseToken: string, dueAt: Date, reason: string, note: { at: Date; blockedBy?: string | null }): Promise<void>;
  finish(
    id: string,
    leaseToken: string,
    state: 'withdrawn' | 'skipped' | 'failed',
    reason: string,
    executor: SqlExecutor | undefined,
    /** `at`: the clock of the run that decided it, for the ask's history. */
    note: { at: Date; cause?: string | null; blockedBy?: string | null },
  ): Promise<void>;
  /** Marks the ask sent and, in the same transaction, runs `alsoThen` (scheduling what follows from it). */
  markSent(
    id: string,
    leaseToken: string,
    sent: { provider: string; providerMessageId: string | null; sentAt: Date },
    alsoThen?: (tx: SqlExecutor) => Promise<void>,
  ): Promise<void>;
  /** Adds to the ask's payload what a partial delivery must remember across retries. */
  notePayload(id: string, leaseToken: string, note: Record<string, unknown>): Promise<void>;
  retryLater(id: string, leaseToken: string, dueAt: Date, reason: string, at: Date): Promise<void>;
  recordAttempts(id: string, sendAttempt: number, provider: string, attempts: readonly ProviderAttempt[]): Promise<void>;
  find(id: string): Promise<Outreach | null>;
  forOrder(tenantId: string, orderId: string): Promise<Outreach[]>;
  forCustomer(tenantId: string, customerKey: string): Promise<Outreach[]>;
  /** The history of these asks, oldest first. */
  history(ids: readonly string[]): Promise<OutreachHistoryEntry[]>;
  /**
   * Puts back on the schedule, due at `now`, the tenant's asks skipped for want of consent that are
   * still inside their window; dispatch then spaces them by the budget. Returns how many.
   */
  replanSkippedForConsent(tenantId: string, now: Date, windows: ConsentReplanWindows, reason: string, cause?: 'consent' | 'postal_address'): Promise<number>;
  attempts(id: string): Promise<{ sendAttempt: number; callAttempt: number; provider: string; status: number | null; ok: boolean; error: string | null }[]>;
}

interface OutreachRow {
  id: string;
  tenant_id: string;
  order_id: string | null;
  customer_key: string;
  kind: AskKind;
  dedupe_key: string;
  state: OutreachState;
  journey_at: Date;
  due_at: Date;
  fixed_time: boolean;
  basis: string;
  payload: Record<string, unknown>;
  postponements: number;
  last_postponed_reason: string | null;
  send_attempts: number;
  lease_token: string | null;
  channel: 'email' | 'sms' | null;
  recipient: string | null;
  provider: string | null;
  provider_message_id: string | null;
  outcome_reason: string | null;
  outcome_cause: string | null;
  sent_at: Date | null;
}

const outreachOf = (row: OutreachRow): Outreach => ({
  id: row.id,
  tenantId: row.tenant_id,
  orderId: row.order_id,
  customerKey: row.customer_key,
  kind: row.kind,
  dedupeKey: row.dedupe_key,
  state: row.state,
  journeyAt: new Date(row.journey_at),
  dueAt: new Date(row.due_at),
  fixedTime: row.fixed_time,
  basis: row.basis,
  payload: row.payload,
  postponements: row.postponements,
  lastPostponedReason: row.last_postponed_reason,
  sendAttempts: row.send_attempts,
  leaseToken: row.lease_token,
  channel: row.channel,
  recipient: row.recipient,
  provider: row.provider,
  providerMessageId: row.provider_message_id,
  outcomeReason: row.outcome_reason,
  outcomeCause: row.outcome_cause,
  sentAt: row.sent_at && new Date(row.sent_at),
});

const COLUMNS = `id, tenant_id, order_id, customer_key, kind, dedupe_key, state, journey_at, due_at, fixed_time, basis,
  payload, postponements, last_postponed_reason, send_attempts, lease_token, channel, recipient, provider,
  provider_message_id, outcome_reason, outcome_cause, sent_at`;

const DAY_MS = 86_400_000;

/**
 * Schedules asks once per dedupe key. A pending ask planned from the fallback moves to the
 * trigger's time when the trigger comes; a pending ask on the same basis moves only earlier; an ask
 * that has gone, or was withdrawn, never comes back.
 */
const SCHEDULE_ASKS = `
  WITH upserted AS (
    INSERT INTO outreach (id, tenant_id, order_id, customer_key, kind, dedupe_key, state, journey_at, due_at, fixed_time, basis, payload)
    SELECT id, tenant_id, order_id, customer_key, kind, dedupe_key, 'scheduled', journey_at, journey_at, fixed_time, basis, payload
    FROM jsonb_to_recordset($1::jsonb) AS x(id text, tenant_id text, order_id text, customer_key text, kind text, dedupe_key text,
      journey_at timestamptz, fixed_time boolean, basis text, payload jsonb)
    ON CONFLICT (tenant_id, dedupe_key) DO UPDATE SET
      journey_at = EXCLUDED.journey_at, due_at = EXCLUDED.journey_at, basis = EXCLUDED.basis, updated_at = now()
    WHERE outreach.state = 'scheduled' AND (
      (outreach.basis = 'fallback' AND EXCLUDED.basis <> 'fallback')
      OR (outreach.basis = EXCLUDED.basis AND EXCLUDED.journey_at < outreach.journey_at))
    RETURNING id, tenant_id, dedupe_key, due_at, basis, (xmax = 0) AS inserted
  ), recorded AS (
    INSERT INTO outreach_history (outreach_id, tenant_id, at, action, reason, due_at)
    SELECT u.id, u.tenant_id, x.planned_at, CASE WHEN u.inserted THEN 'planned' ELSE 'moved' END,
      CASE u.basis WHEN 'trigger' THEN 'planned from the journey trigger' WHEN 'fallback' THEN 'planned from fulfilment (the trigger has not come)'
        ELSE 'planned from ' || u.basis END, u.due_at
    FROM upserted u JOIN jsonb_to_recordset($1::jsonb) AS x(tenant_id text, dedupe_key text, planned_at timestamptz)
      ON x.tenant_id = u.tenant_id AND x.dedupe_key = u.dedupe_key
  )
  SELECT inserted FROM upserted`;

/** Records one step of each ask an UPDATE … RETURNING id, tenant_id, due_at changed. */
const withHistory = (update: string, action: `'${OutreachHistoryEntry['action']}'` | '$3', at: string, reason: string, blockedBy = 'NULL') => `
  WITH changed AS (${update} RETURNING id, tenant_id, due_at)
  INSERT INTO outreach_history (outreach_id, tenant_id, at, action, reason, due_at, blocked_by)
  SELECT id, tenant_id, ${at}, ${action}, ${reason}, due_at, ${blockedBy} FROM changed
  RETURNING outreach_id`;

const rowOfAsk = (ask: AskToSchedule) => ({
  id: ask.id,
  tenant_id: ask.tenantId,
  order_id: ask.orderId,
  customer_key: ask.customerKey,
  kind: ask.kind,
  dedupe_key: ask.dedupeKey,
  journey_at: ask.journeyAt.toISOString(),
  fixed_time: ask.fixedTime,
  basis: ask.basis,
  payload: ask.payload ?? {},
  planned_at: ask.plannedAt.toISOString(),
});

/** Only the dispatcher holding the lease may move an ask on. */
const LEASED = 'id = $1 AND lease_token = $2';

/** Puts a leased ask back on the schedule, due at $3, releasing its lease and its approval. */
const backOnSchedule = (alsoSet: string) => `UPDATE outreach SET state = 'scheduled', due_at = $3, ${alsoSet},
  lease_token = NULL, lease_until = NULL, channel = NULL, recipient = NULL, updated_at = now() WHERE ${LEASED}`;

/** The ranks of the asks that hold places for each other (transactional messages hold none). */
const RANKS_THAT_HOLD = JSON.stringify(Object.fromEntries(ASK_KINDS.filter((kind) => !isTransactional(kind)).map((kind) => [kind, ASK_RANK[kind]])));

/**
 * A pending ask holds its place against the customer's asks of a lower rank: they were postponed
 * around it. When it ends without being sent (skipped, merged, withdrawn by a refund, failed), that
 * place is free, and each such ask postponed past its plan is due again now (or at its plan, when
 * that is later) for the next dispatch run to decide again; left where it was, an invitation waited
 * days for a feedback request that never went. $1: the ended asks' ids; $2: the clock.
 */
const RELEASE_HELD_PLACES = `
  WITH ranks AS (SELECT key AS kind, value::int AS rank FROM jsonb_each_text('${RANKS_THAT_HOLD}'::jsonb)),
  ended AS (
    SELECT DISTINCT ON (o.tenant_id, o.customer_key) o.id, o.tenant_id, o.customer_key, o.kind, o.state, r.rank
    FROM outreach o JOIN ranks r ON r.kind = o.kind
    WHERE o.id = ANY($1::text[]) AND o.state IN ('skipped', 'withdrawn', 'failed')
    ORDER BY o.tenant_id, o.customer_key, r.rank, o.id
  ), released AS (
    UPDATE outreach o SET due_at = GREATEST(o.journey_at, $2::timestamptz), updated_at = now()
    FROM ended, ranks r
    WHERE o.tenant_id = ended.tenant_id AND o.customer_key = ended.customer_key AND r.kind = o.kind AND r.rank > ended.rank
      AND o.state = 'scheduled' AND o.postponements > 0 AND o.due_at > GREATEST(o.journey_at, $2::timestamptz)
    RETURNING o.id, o.tenant_id, o.due_at, ended.id AS freed_by, ended.kind AS freed_kind, ended.state AS freed_state
  )
  INSERT INTO outreach_history (outreach_id, tenant_id, at, action, reason, due_at, blocked_by)
  SELECT id, tenant_id, $2::timestamptz, 'replanned',
    'the place held for ' || freed_kind || ' ' || freed_by || ' is free (' || freed_state || '): decided again', due_at, freed_by
  FROM released`;

export const createOutreachRepository = (db: Database): OutreachRepository => ({
  async schedule(ask, executor = db) {
    const [row] = await executor.query<{ inserted: boolean }>(SCHEDULE_ASKS, [JSON.stringify([rowOfAsk(ask)])]);
    return !row ? 'unchanged' : row.inserted ? 'scheduled' : 'moved';
  },

  async scheduleMany(asks) {
    if (asks.length > 0) await db.query(SCHEDULE_ASKS, [JSON.stringify(asks.map(rowOfAsk))]);
  },

  async withdrawPending(tenantId, orderId, reason, kinds, at) {
    const rows = await db.query<{ outreach_id: string }>(
      withHistory(
        `UPDATE outreach SET state = 'withdrawn', outcome_reason = $3, lease_token = NULL, lease_until = NULL, updated_at = now()
         WHERE tenant_id = $1 AND order_id = $2 AND state = 'scheduled' AND ($4::text[] IS NULL OR kind = ANY($4::text[]))`,
        "'withdrawn'",
        '$5::timestamptz',
        '$3',
      ),
      [tenantId, orderId, reason, kinds ? [...kinds] : null, at],
    );
    if (rows.length > 0) await db.query(RELEASE_HELD_PLACES, [rows.map((row) => row.outreach_id), at]);
    return rows.length;
  },

  async claimDue(now, limit, leaseToken, leaseMs) {
    const rows = await db.query<OutreachRow>(
      `WITH due AS (
         SELECT id FROM outreach
         WHERE (state = 'scheduled' AND due_at <= $1) OR (state = 'sending' AND lease_until < clock_timestamp())
         ORDER BY due_at, id
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE outreach o SET state = 'sending', lease_token = $3, lease_until = clock_timestamp() + make_interval(secs => $4), updated_at = now()
       FROM due WHERE o.id = due.id
       RETURNING ${COLUMNS.split(',').map((column) => `o.${column.trim()}`).join(', ')}`,
      [now, limit, leaseToken, leaseMs / 1000],
    );
    return rows.map(outreachOf).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  },

  withCustomerLock(tenantId, customerKey, decide) {
    return db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`outreach/${tenantId}/${customerKey}`]);
      return decide(tx);
    });
  },

  async customerAsks(tx, tenantId, customerKey, around, lookBackDays) {
    const rows = await tx.query<OutreachRow>(
      `SELECT ${COLUMNS} FROM outreach
       WHERE tenant_id = $1 AND customer_key = $2 AND (state IN ('scheduled', 'sending') OR (state = 'sent' AND sent_at > $3))
       ORDER BY due_at, id`,
      [tenantId, customerKey, new Date(around.getTime() - lookBackDays * DAY_MS)],
    );
    return rows.map(outreachOf);
  },

  async approve(tx, id, leaseToken, channel, recipient) {
    await tx.query(`UPDATE outreach SET channel = $3, recipient = $4, updated_at = now() WHERE ${LEASED}`, [id, leaseToken, channel, recipient]);
  },

  async postpone(tx, id, leaseToken, dueAt, reason, note) {
    await tx.query(
      withHistory(
        backOnSchedule('postponements = postponements + 1, last_postponed_reason = $4'),
        "'postponed'",
        '$5::timestamptz',
        '$4',
        '$6::text',
      ),
      [id, leaseToken, dueAt, reason, note.at, note.blockedBy ?? null],
    );
  },

  async finish(id, leaseToken, state, reason, executor = db, note) {
    await executor.query(
      withHistory(
        `UPDATE outreach SET state = $3, outcome_reason = $4, outcome_cause = $5, lease_token = NULL, lease_until = NULL, updated_at = now() WHERE ${LEASED}`,
        '$3',
        '$6::timestamptz',
        '$4',
        '$7::text',
      ),
      [id, leaseToken, state, reason, note.cause ?? null, note.at, note.blockedBy ?? null],
    );
    await executor.query(RELEASE_HELD_PLACES, [[id], note.at]);
  },

  async markSent(id, leaseToken, sent, alsoThen) {
    await db.transaction(async (tx) => {
      await tx.query(
        withHistory(
          `UPDATE outreach SET state = 'sent', sent_at = $3, provider = $4, provider_message_id = $5, send_attempts = send_attempts + 1,
             outcome_reason = NULL, outcome_cause = NULL, lease_token = NULL, lease_until = NULL, updated_at = now()
           WHERE ${LEASED}`,
          "'sent'",
          '$3::timestamptz',
          "'sent through ' || $4::text",
        ),
        [id, leaseToken, sent.sentAt, sent.provider, sent.providerMessageId],
      );
      await alsoThen?.(tx);
    });
  },

  async notePayload(id, leaseToken, note) {
    await db.query(`UPDATE outreach SET payload = payload || $3::jsonb, updated_at = now() WHERE ${LEASED}`, [id, leaseToken, JSON.stringify(note)]);
  },

  async retryLater(id, leaseToken, dueAt, reason, at) {
    await db.query(
      withHistory(backOnSchedule('send_attempts = send_attempts + 1, outcome_reason = $4'),
        "'retry'",
        '$5::timestamptz',
        '$4',
      ),
      [id, leaseToken, dueAt, reason, at],
    );
  },

  async recordAttempts(id, sendAttempt, provider, attempts) {
    if (attempts.length === 0) return;
    await db.query(
      `INSERT INTO outreach_attempts (outreach_id, send_attempt, call_attempt, provider, started_at, duration_ms, status, ok, error)
       SELECT $1, $2, x.attempt, $3, x.started_at, x.duration_ms, x.status, x.ok, x.error
       FROM jsonb_to_recordset($4::jsonb) AS x(attempt int, started_at timestamptz, duration_ms int, status int, ok boolean, error text)`,
      [
        id,
        sendAttempt,
        provider,
        JSON.stringify(
          attempts.map((attempt) => ({
            attempt: attempt.attempt,
            started_at: attempt.startedAt.toISOString(),
            duration_ms: attempt.durationMs,
            status: attempt.status,
            ok: attempt.ok,
            error: attempt.error,
          })),
        ),
      ],
    );
  },

  async find(id) {
    const [row] = await db.query<OutreachRow>(`SELECT ${COLUMNS} FROM outreach WHERE id = $1`, [id]);
    return row ? outreachOf(row) : null;
  },

  async forOrder(tenantId, orderId) {
    const rows = await db.query<OutreachRow>(
      `SELECT ${COLUMNS} FROM outreach WHERE tenant_id = $1 AND order_id = $2 ORDER BY journey_at, id`,
      [tenantId, orderId],
    );
    return rows.map(outreachOf);
  },

  async forCustomer(tenantId, customerKey) {
    const rows = await db.query<OutreachRow>(
      `SELECT ${COLUMNS} FROM outreach WHERE tenant_id = $1 AND customer_key = $2 ORDER BY journey_at, id`,
      [tenantId, customerKey],
    );
    return rows.map(outreachOf);
  },

  async history(ids) {
    if (ids.length === 0) return [];
    const rows = await db.query<{ outreach_id: string; at: Date; action: OutreachHistoryEntry['action']; reason: string | null; due_at: Date | null; blocked_by: string | null }>(
      `SELECT outreach_id, at, action, reason, due_at, blocked_by FROM outreach_history WHERE outreach_id = ANY($1::text[]) ORDER BY id`,
      [[...ids]],
    );
    return rows.map((row) => ({
      outreachId: row.outreach_id,
      at: new Date(row.at),
      action: row.action,
      reason: row.reason,
      dueAt: row.due_at && new Date(row.due_at),
      blockedBy: row.blocked_by,
    }));
  },

  async replanSkippedForConsent(tenantId, now, windows, reason, cause = 'consent') {
    const rows = await db.query(
      withHistory(
        `UPDATE outreach SET state = 'scheduled', due_at = $2, outcome_reason = NULL, outcome_cause = NULL, updated_at = now()
         WHERE tenant_id = $1 AND state = 'skipped' AND outcome_cause = $7 AND (
           (kind IN ('review_invitation', 'review_reminder') AND journey_at - make_interval(days => $5) + make_interval(days => $4) > $2)
           OR (kind NOT IN ('review_invitation', 'review_reminder') AND journey_at + make_interval(days => $3) > $2))`,
        "'replanned'",
        '$2::timestamptz',
        '$6',
      ),
      [tenantId, now, windows.linkTtlDays, windows.frequencyDays, windows.reviewDelayDays, reason, cause],
    );
    return rows.length;
  },

  async attempts(id) {
    const rows = await db.query<{ send_attempt: number; call_attempt: number; provider: string; status: number | null; ok: boolean; error: string | null }>(
      `SELECT send_attempt, call_attempt, provider, status, ok, error FROM outreach_attempts WHERE outreach_id = $1 ORDER BY id`,
      [id],
    );
    return rows.map((row) => ({
      sendAttempt: row.send_attempt,
      callAttempt: row.call_attempt,
      provider: row.provider,
      status: row.status,
      ok: row.ok,
      error: row.error,
    }));
  },
});
