import type { FeedbackCustomer } from '../../events/feedback-event.ts';
import type { RecoverySignal } from '../../events/recovery-signal.ts';
import { InvalidRequestError } from '../errors.ts';
import { remediesFor, type CaseCategory } from '../recovery/categories.ts';
import type {
  CaseAssessment,
  CaseOutcome,
  CaseSignal,
  CaseState,
  NotificationState,
  RecoveryCase,
  SignalEffect,
} from '../recovery/recovery-case.ts';
import type { CustomerHistory, Severity, Triage } from '../recovery/triage.ts';
import type { Database, SqlExecutor } from './database.ts';
import { isStorableInstant } from '../http/request-params.ts';

/** A signal with no order joins the customer's one open order-less case. */
export const orderKeyOf = (orderId: string | null): string => orderId ?? '';

export interface NewCase extends CaseAssessment {
  readonly id: string;
  readonly tenantId: string;
  readonly customerKey: string;
  readonly orderId: string | null;
  /** The shop's number for the order when the signal carried one; else it is taken from the stored order. */
  readonly orderNumber: string | null;
  readonly customer: FeedbackCustomer;
  readonly summary: string;
  readonly openedAt: Date;
}

/** A signal to file on its case (its id is the signal's own). */
export type NewCaseSignal = Omit<CaseSignal, 'signalId'>;

/** The reads and writes of one customer's signal, inside the transaction that holds their lock. */
export interface CustomerCaseStore {
  findSignal(tenantId: string, signalId: string): Promise<CaseSignal | null>;
  findCase(tenantId: string, caseId: string): Promise<RecoveryCase | null>;
  /**
   * Orders, spend (net of refunds, cancelled orders left out) and earlier cases from the store,
   * and the customer's signals since `since` (the per-customer cap window).
   */
  history(tenantId: string, customerKey: string, orderKey: string, since: Date): Promise<CustomerHistory>;
  findOpenCase(tenantId: string, customerKey: string, orderKey: string): Promise<RecoveryCase | null>;
  insertCase(newCase: NewCase): Promise<RecoveryCase>;
  /** The case's new assessment after a joining signal; the signal count grows either way. */
  joinCase(caseId: string, assessment: CaseAssessment, at: Date): Promise<RecoveryCase>;
  insertSignal(signal: NewCaseSignal): Promise<CaseSignal>;
  /** Moves the case from `from` to `to` (null when it was no longer in `from`). */
  transition(caseId: string, from: CaseState, to: CaseState, outcome: CaseOutcome | null, at: Date): Promise<RecoveryCase | null>;
}

export interface CaseListOptions {
  readonly state?: CaseState;
  readonly severity?: Severity;
  readonly limit?: number;
  readonly after?: CaseCursor;
}

/** Position in the worklist order: priority (high first), then SLA due time (soonest first), then id. */
export interface CaseCursor {
  readonly priority: number;
  readonly slaDueAt: Date;
  readonly id: string;
}

export interface RecoveryCaseRepository {
  /**
   * Runs `work` in one transaction holding the customer's lock, so one customer's signals are
   * recorded one at a time across every process (a redelivery racing its original, two signals
   * racing to open the same case).
   */
  forCustomer<T>(tenantId: string, customerKey: string, work: (store: CustomerCaseStore) => Promise<T>): Promise<T>;
  find(tenantId: string, caseId: string): Promise<RecoveryCase | null>;
  /** The worklist: priority first, then the SLA due soonest. */
  list(tenantId: string, options?: CaseListOptions): Promise<RecoveryCase[]>;
  signalsOf(tenantId: string, caseId: string): Promise<CaseSignal[]>;
  markNotified(tenantId: string, signalId: string, channel: 'helpdesk' | 'chat', state: NotificationState): Promise<void>;
  recordTicket(caseId: string, ticketId: string, ticketUrl: string | null): Promise<void>;
}

interface CaseRow {
  id: string;
  tenant_id: string;
  customer_key: string;
  order_id: string | null;
  order_number: string | null;
  customer: FeedbackCustomer;
  state: CaseState;
  severity: Severity;
  priority: number;
  categories: CaseCategory[];
  summary: string;
  sla_due_at: Date;
  signal_count: number;
  opened_at: Date;
  updated_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  outcome: CaseOutcome | null;
  ticket_id: string | null;
  ticket_url: string | null;
}

const dateOrNull = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

const caseOf = (row: CaseRow): RecoveryCase => ({
  id: row.id,
  tenantId: row.tenant_id,
  customerKey: row.customer_key,
  orderId: row.order_id,
  orderNumber: row.order_number,
  customer: row.customer,
  state: row.state,
  severity: row.severity,
  priority: Number(row.priority),
  categories: row.categories,
  remedies: remediesFor(row.categories),
  summary: row.summary,
  slaDueAt: new Date(row.sla_due_at),
  signalCount: Number(row.signal_count),
  openedAt: new Date(row.opened_at),
  updatedAt: new Date(row.updated_at),
  acknowledgedAt: dateOrNull(row.acknowledged_at),
  resolvedAt: dateOrNull(row.resolved_at),
  outcome: row.outcome,
  ticketId: row.ticket_id,
  ticketUrl: row.ticket_url,
});

interface SignalRow {
  tenant_id: string;
  signal_id: string;
  case_id: string;
  signal: RecoverySignal;
  triage: Omit<Triage, 'slaDueAt'> & { slaDueAt: string };
  effect: SignalEffect;
  message_id: string | null;
  helpdesk: NotificationState;
  chat: NotificationState;
  received_at: Date;
}

const signalOf = (row: SignalRow): CaseSignal => ({
  tenantId: row.tenant_id,
  signalId: row.signal_id,
  caseId: row.case_id,
  signal: row.signal,
  triage: { ...row.triage, slaDueAt: new Date(row.triage.slaDueAt) },
  effect: row.effect,
  messageId: row.message_id,
  helpdesk: row.helpdesk,
  chat: row.chat,
  receivedAt: new Date(row.received_at),
});

const CASE_COLUMNS = `id, tenant_id, customer_key, order_id, order_number, customer, state, severity, priority, categories, summary,
  sla_due_at, signal_count, opened_at, updated_at, acknowledged_at, resolved_at, outcome, ticket_id, ticket_url`;
const SIGNAL_COLUMNS = 'tenant_id, signal_id, case_id, signal, triage, effect, message_id, helpdesk, chat, received_at';

const one = <T>(rows: T[], what: string): T => {
  const [row] = rows;
  if (!row) throw new Error(`${what}: no row`);
  return row;
};

const findCase = async (db: SqlExecutor, tenantId: string, caseId: string): Promise<RecoveryCase | null> => {
  const [row] = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM recovery_cases WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    caseId,
  ]);
  return row ? caseOf(row) : null;
};

const customerStore = (db: SqlExecutor): CustomerCaseStore => ({
  async findSignal(tenantId, signalId) {
    const [row] = await db.query<SignalRow>(
      `SELECT ${SIGNAL_COLUMNS} FROM recovery_case_signals WHERE tenant_id = $1 AND signal_id = $2`,
      [tenantId, signalId],
    );
    return row ? signalOf(row) : null;
  },
  findCase: (tenantId, caseId) => findCase(db, tenantId, caseId),
  async history(tenantId, customerKey, orderKey, since) {
    const [row] = await db.query<{ order_count: number; total_spent: string; previous_cases: number; recent_signals: number }>(
      `SELECT
         (SELECT count(*)::int FROM orders WHERE tenant_id = $1 AND customer_key = $2) AS order_count,
         (SELECT COALESCE(sum(COALESCE(total, 0) - COALESCE(refunded_total, 0)), 0)::text FROM orders
           WHERE tenant_id = $1 AND customer_key = $2 AND kind <> 'cancelled') AS total_spent,
         (SELECT count(*)::int FROM recovery_cases WHERE tenant_id = $1 AND customer_key = $2
           AND NOT (order_key = $3 AND state <> 'resolved')) AS previous_cases,
         (SELECT count(*)::int FROM recovery_case_signals WHERE tenant_id = $1 AND customer_key = $2
           AND received_at >= $4) AS recent_signals`,
      [tenantId, customerKey, orderKey, since],
    );
    return {
      orderCount: Number(row?.order_count ?? 0),
      totalSpent: Number(row?.total_spent ?? 0),
      previousCases: Number(row?.previous_cases ?? 0),
      recentSignals: Number(row?.recent_signals ?? 0),
    };
  },
  async findOpenCase(tenantId, customerKey, orderKey) {
    const [row] = await db.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM recovery_cases
       WHERE tenant_id = $1 AND customer_key = $2 AND order_key = $3 AND state <> 'resolved'`,
      [tenantId, customerKey, orderKey],
    );
    return row ? caseOf(row) : null;
  },
  async insertCase(newCase) {
    const rows = await db.query<CaseRow>(
      `INSERT INTO recovery_cases (id, tenant_id, customer_key, order_key, order_id, order_number, customer, state, severity, priority,
         categories, summary, sla_due_at, signal_count, opened_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, COALESCE($13, (SELECT order_number FROM orders WHERE tenant_id = $2 AND order_id = $5)),
         $6::jsonb, 'open', $7, $8, $9::jsonb, $10, $11, 1, $12, $12)
       RETURNING ${CASE_COLUMNS}`,
      [
        newCase.id,
        newCase.tenantId,
        newCase.customerKey,
        orderKeyOf(newCase.orderId),
        newCase.orderId,
        JSON.stringify(newCase.customer),
        newCase.severity,
        newCase.priority,
        JSON.stringify(newCase.categories),
        newCase.summary,
        newCase.slaDueAt,
        newCase.openedAt,
        newCase.orderNumber,
      ],
    );
    return caseOf(one(rows, 'insert case'));
  },
  async joinCase(caseId, assessment, at) {
    const rows = await db.query<CaseRow>(
      `UPDATE recovery_cases SET severity = $2, priority = $3, categories = $4::jsonb, sla_due_at = $5,
         signal_count = signal_count + 1, updated_at = $6
       WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
      [caseId, assessment.severity, assessment.priority, JSON.stringify(assessment.categories), assessment.slaDueAt, at],
    );
    return caseOf(one(rows, 'join case'));
  },
  async insertSignal(signal) {
    const rows = await db.query<SignalRow>(
      `INSERT INTO recovery_case_signals (tenant_id, signal_id, case_id, customer_key, signal, triage, effect, message_id,
         helpdesk, chat, received_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11) RETURNING ${SIGNAL_COLUMNS}`,
      [
        signal.tenantId,
        signal.signal.signalId,
        signal.caseId,
        signal.signal.customer.key,
        JSON.stringify(signal.signal),
        JSON.stringify(signal.triage),
        signal.effect,
        signal.messageId,
        signal.helpdesk,
        signal.chat,
        signal.receivedAt,
      ],
    );
    return signalOf(one(rows, 'insert signal'));
  },
  async transition(caseId, from, to, outcome, at) {
    const [row] = await db.query<CaseRow>(
      `UPDATE recovery_cases SET state = $3, updated_at = $5,
         acknowledged_at = CASE WHEN $3 = 'acknowledged' THEN $5 ELSE acknowledged_at END,
         resolved_at = CASE WHEN $3 = 'resolved' THEN $5 ELSE resolved_at END,
         outcome = COALESCE($4::jsonb, outcome)
       WHERE id = $1 AND state = $2 RETURNING ${CASE_COLUMNS}`,
      [caseId, from, to, outcome === null ? null : JSON.stringify(outcome), at],
    );
    return row ? caseOf(row) : null;
  },
});

/** Opaque to clients: base64url of the last case's (priority, SLA due time, id). */
export const caseCursorOf = (recoveryCase: RecoveryCase): string =>
  Buffer.from(`${recoveryCase.priority}|${recoveryCase.slaDueAt.toISOString()}|${recoveryCase.id}`, 'utf8').toString('base64url');

export const parseCaseCursor = (cursor: string): CaseCursor => {
  const [priority, slaDueAt, ...id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const due = new Date(slaDueAt ?? '');
  if (!/^\d{1,9}$/.test(priority ?? '') || !isStorableInstant(due) || id.length === 0) {
    throw new InvalidRequestError('cursor is not valid');
  }
  return { priority: Number(priority), slaDueAt: due, id: id.join('|') };
};

/** An advisory lock per tenant and customer (two-key space: apart from the migration lock). */
const CUSTOMER_LOCK_SPACE = 7_420;

export const createRecoveryCaseRepository = (db: Database): RecoveryCaseRepository => ({
  forCustomer: (tenantId, customerKey, work) =>
    db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CUSTOMER_LOCK_SPACE, `${tenantId}/${customerKey}`]);
      return work(customerStore(tx));
    }),
  find: (tenantId, caseId) => findCase(db, tenantId, caseId),
  async list(tenantId, options = {}) {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const where = ['tenant_id = $1'];
    const params: unknown[] = [tenantId];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (options.state) where.push(`state = ${param(options.state)}`);
    if (options.severity) where.push(`severity = ${param(options.severity)}`);
    if (options.after) {
      const priority = param(options.after.priority);
      const due = param(options.after.slaDueAt);
      const id = param(options.after.id);
      where.push(`(priority < ${priority} OR (priority = ${priority} AND (sla_due_at > ${due} OR (sla_due_at = ${due} AND id > ${id}))))`);
    }
    const rows = await db.query<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM recovery_cases WHERE ${where.join(' AND ')}
       ORDER BY priority DESC, sla_due_at, id LIMIT ${param(limit)}`,
      params,
    );
    return rows.map(caseOf);
  },
  async signalsOf(tenantId, caseId) {
    const rows = await db.query<SignalRow>(
      `SELECT ${SIGNAL_COLUMNS} FROM recovery_case_signals WHERE tenant_id = $1 AND case_id = $2 ORDER BY received_at, signal_id`,
      [tenantId, caseId],
    );
    return rows.map(signalOf);
  },
  async markNotified(tenantId, signalId, channel, state) {
    // The column name comes from the closed union above, never from input.
    await db.query(`UPDATE recovery_case_signals SET ${channel === 'helpdesk' ? 'helpdesk' : 'chat'} = $3 WHERE tenant_id = $1 AND signal_id = $2`, [
      tenantId,
      signalId,
      state,
    ]);
  },
  async recordTicket(caseId, ticketId, ticketUrl) {
    await db.query('UPDATE recovery_cases SET ticket_id = $2, ticket_url = $3 WHERE id = $1', [caseId, ticketId, ticketUrl]);
  },
});
