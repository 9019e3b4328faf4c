import { ERASURE_WITHDRAWAL_REASON } from '../journey/send-eligibility.ts';
import type { Database } from '../store/database.ts';

/**
 * The fairness audit of public review invitations: for each week, how many customers became
 * eligible (their order reached the journey point) and how many were invited, split by the
 * sentiment of their feedback — so anyone can see the invitation rate does not depend on it.
 * Customers an objective cause excluded (the order cancelled or refunded, unsubscribed, no
 * consent, unreachable, already invited within `reviews.frequencyDays`) were never eligible: they
 * are counted apart as `notEligible`, with their causes, and the rate is over the eligible ones.
 * Every eligible customer who was not invited is listed with what became of the invitation.
 */
export type AuditSentiment = 'happy' | 'neutral' | 'unhappy' | 'no_feedback';
const SENTIMENTS: readonly AuditSentiment[] = ['happy', 'neutral', 'unhappy', 'no_feedback'];

/** Why a customer was not eligible for the invitation: objective facts only. */
export type NotEligibleCause = 'cancelled_or_refunded' | 'erased' | 'unsubscribed' | 'no_consent' | 'unreachable' | 'invited_recently';
const CAUSES: readonly NotEligibleCause[] = ['cancelled_or_refunded', 'erased', 'unsubscribed', 'no_consent', 'unreachable', 'invited_recently'];

export interface AuditRow {
  readonly orderId: string;
  readonly customerKey: string;
  readonly journeyAt: Date;
  readonly state: string;
  readonly outcomeReason: string | null;
  /** The objective kind of a skip (`outcome_cause`: consent, suppressed, unreachable, frequency). */
  readonly outcomeCause?: string | null;
  readonly dueAt: Date;
  readonly sentiment: AuditSentiment;
}

interface Counts {
  eligible: number;
  invited: number;
  /** Excluded by an objective cause: neither in `eligible` nor in the rate. */
  notEligible: number;
  /** invited / eligible, or null when nobody was eligible. */
  rate: number | null;
}

export interface InvitationAudit {
  readonly from: string;
  readonly to: string;
  readonly total: Counts & { readonly bySentiment: Record<AuditSentiment, Counts>; readonly notEligibleByCause: Record<NotEligibleCause, number> };
  readonly periods: readonly (Counts & { readonly weekOf: string; readonly bySentiment: Record<AuditSentiment, Counts> })[];
  /** The largest difference in invitation rate between sentiments that had eligible customers. */
  readonly rateSpread: number;
  /** Eligible customers who were not invited (not yet sent, failed), with what became of the invitation. */
  readonly notInvited: readonly { orderId: string; customerKey: string; sentiment: AuditSentiment; journeyAt: string; reason: string }[];
  readonly notInvitedTruncated: boolean;
  /** Customers an objective cause made not eligible, with the cause and the ask's own reason. */
  readonly notEligible: readonly { orderId: string; customerKey: string; sentiment: AuditSentiment; journeyAt: string; cause: NotEligibleCause; reason: string }[];
  readonly notEligibleTruncated: boolean;
}

const counts = (): Counts => ({ eligible: 0, invited: 0, notEligible: 0, rate: null });
const bySentiment = () => Object.fromEntries(SENTIMENTS.map((sentiment) => [sentiment, counts()])) as Record<AuditSentiment, Counts>;
const finish = (entry: Counts) => {
  entry.rate = entry.eligible > 0 ? entry.invited / entry.eligible : null;
};
/** The Monday (UTC) of the week a moment falls in. */
const weekOf = (at: Date) => {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
};

const SKIP_CAUSES: Readonly<Record<string, NotEligibleCause>> = {
  suppressed: 'unsubscribed',
  consent: 'no_consent',
  unreachable: 'unreachable',
  frequency: 'invited_recently',
};

/** The objective cause that kept this customer from being eligible, or null: they were eligible. */
export const notEligibleCause = (row: Pick<AuditRow, 'state' | 'outcomeReason' | 'outcomeCause'>): NotEligibleCause | null => {
  if (row.state === 'withdrawn') return row.outcomeReason === ERASURE_WITHDRAWAL_REASON ? 'erased' : 'cancelled_or_refunded';
  if (row.state === 'skipped' && row.outcomeCause) return SKIP_CAUSES[row.outcomeCause] ?? null;
  return null;
};

/** Summarises invitation rows (pure). */
export const summariseInvitations = (rows: readonly AuditRow[], window: { from: Date; to: Date }, listLimit = 500): InvitationAudit => {
  const total = { ...counts(), bySentiment: bySentiment(), notEligibleByCause: Object.fromEntries(CAUSES.map((cause) => [cause, 0])) as Record<NotEligibleCause, number> };
  const periods = new Map<string, Counts & { weekOf: string; bySentiment: Record<AuditSentiment, Counts> }>();
  const notInvited: InvitationAudit['notInvited'][number][] = [];
  const notEligible: InvitationAudit['notEligible'][number][] = [];
  for (const row of rows) {
    const week = weekOf(row.journeyAt);
    const period = periods.get(week) ?? { ...counts(), weekOf: week, bySentiment: bySentiment() };
    periods.set(week, period);
    const entries = [total, total.bySentiment[row.sentiment], period, period.bySentiment[row.sentiment]];
    const listed = { orderId: row.orderId, customerKey: row.customerKey, sentiment: row.sentiment, journeyAt: row.journeyAt.toISOString() };
    const cause = notEligibleCause(row);
    if (cause) {
      for (const entry of entries) entry.notEligible += 1;
      total.notEligibleByCause[cause] += 1;
      notEligible.push({ ...listed, cause, reason: row.outcomeReason ?? row.state });
      continue;
    }
    const invited = row.state === 'sent' ? 1 : 0;
    for (const entry of entries) {
      entry.eligible += 1;
      entry.invited += invited;
    }
    if (!invited) {
      const reason =
        row.state === 'scheduled' || row.state === 'sending'
          ? `not yet sent: due ${row.dueAt.toISOString()}${row.outcomeReason ? ` (last try: ${row.outcomeReason})` : ''}`
          : (row.outcomeReason ?? row.state);
      notInvited.push({ ...listed, reason });
    }
  }
  const all: Counts[] = [total, ...Object.values(total.bySentiment)];
  for (const period of periods.values()) all.push(period, ...Object.values(period.bySentiment));
  all.forEach(finish);
  const rates = Object.values(total.bySentiment).flatMap((entry) => (entry.rate === null ? [] : [entry.rate]));
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    total,
    periods: [...periods.values()].sort((a, b) => a.weekOf.localeCompare(b.weekOf)),
    rateSpread: rates.length > 1 ? Math.max(...rates) - Math.min(...rates) : 0,
    notInvited: notInvited.slice(0, listLimit),
    notInvitedTruncated: notInvited.length > listLimit,
    notEligible: notEligible.slice(0, listLimit),
    notEligibleTruncated: notEligible.length > listLimit,
  };
};

/** The invitations whose journey point falls in the window, each with its order's feedback sentiment. */
export const loadInvitationAudit = async (db: Database, tenantId: string, window: { from: Date; to: Date }): Promise<InvitationAudit> => {
  const rows = await db.query<{
    order_id: string;
    customer_key: string;
    journey_at: Date;
    state: string;
    outcome_reason: string | null;
    outcome_cause: string | null;
    due_at: Date;
    sentiment: string | null;
  }>(
    `SELECT o.order_id, o.customer_key, o.journey_at, o.state, o.outcome_reason, o.outcome_cause, o.due_at,
       (SELECT c.sentiment FROM feedback_classifications c WHERE c.tenant_id = o.tenant_id AND c.order_id = o.order_id
        ORDER BY c.submitted_at DESC LIMIT 1) AS sentiment
     FROM outreach o
     WHERE o.tenant_id = $1 AND o.kind = 'review_invitation' AND o.journey_at >= $2 AND o.journey_at < $3
     ORDER BY o.journey_at, o.id`,
    [tenantId, window.from, window.to],
  );
  return summariseInvitations(
    rows.map((row) => ({
      orderId: row.order_id,
      customerKey: row.customer_key,
      journeyAt: new Date(row.journey_at),
      state: row.state,
      outcomeReason: row.outcome_reason,
      outcomeCause: row.outcome_cause,
      dueAt: new Date(row.due_at),
      sentiment: (row.sentiment ?? 'no_feedback') as AuditSentiment,
    })),
    window,
  );
};
