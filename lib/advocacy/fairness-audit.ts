import type { Database } from '../store/database.ts';

/**
 * The fairness audit of public review invitations: for each week, how many customers became
 * eligible (their order reached the journey point) and how many were invited, split by the
 * sentiment of their feedback — so anyone can see the invitation rate does not depend on it —
 * and every eligible customer who was not invited, with the objective reason.
 */
export type AuditSentiment = 'happy' | 'neutral' | 'unhappy' | 'no_feedback';
const SENTIMENTS: readonly AuditSentiment[] = ['happy', 'neutral', 'unhappy', 'no_feedback'];

export interface AuditRow {
  readonly orderId: string;
  readonly customerKey: string;
  readonly journeyAt: Date;
  readonly state: string;
  readonly outcomeReason: string | null;
  readonly dueAt: Date;
  readonly sentiment: AuditSentiment;
}

interface Counts {
  eligible: number;
  invited: number;
  /** invited / eligible, or null when nobody was eligible. */
  rate: number | null;
}

export interface InvitationAudit {
  readonly from: string;
  readonly to: string;
  readonly total: Counts & { readonly bySentiment: Record<AuditSentiment, Counts> };
  readonly periods: readonly (Counts & { readonly weekOf: string; readonly bySentiment: Record<AuditSentiment, Counts> })[];
  /** The largest difference in invitation rate between sentiments that had eligible customers. */
  readonly rateSpread: number;
  readonly notInvited: readonly { orderId: string; customerKey: string; sentiment: AuditSentiment; journeyAt: string; reason: string }[];
  readonly notInvitedTruncated: boolean;
}

const counts = (): Counts => ({ eligible: 0, invited: 0, rate: null });
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

/** Summarises invitation rows (pure). Withdrawn invitations (order cancelled or refunded) were never eligible. */
export const summariseInvitations = (rows: readonly AuditRow[], window: { from: Date; to: Date }, listLimit = 500): InvitationAudit => {
  const total = { ...counts(), bySentiment: bySentiment() };
  const periods = new Map<string, Counts & { weekOf: string; bySentiment: Record<AuditSentiment, Counts> }>();
  const notInvited: InvitationAudit['notInvited'][number][] = [];
  for (const row of rows) {
    if (row.state === 'withdrawn') continue;
    const week = weekOf(row.journeyAt);
    const period = periods.get(week) ?? { ...counts(), weekOf: week, bySentiment: bySentiment() };
    periods.set(week, period);
    const invited = row.state === 'sent' ? 1 : 0;
    for (const entry of [total, total.bySentiment[row.sentiment], period, period.bySentiment[row.sentiment]]) {
      entry.eligible += 1;
      entry.invited += invited;
    }
    if (!invited) {
      const reason =
        row.state === 'scheduled' || row.state === 'sending'
          ? `not yet sent: due ${row.dueAt.toISOString()}${row.outcomeReason ? ` (last try: ${row.outcomeReason})` : ''}`
          : (row.outcomeReason ?? row.state);
      notInvited.push({ orderId: row.orderId, customerKey: row.customerKey, sentiment: row.sentiment, journeyAt: row.journeyAt.toISOString(), reason });
    }
  }
  const all = [total, ...Object.values(total.bySentiment)];
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
  };
};

/** The invitations whose journey point falls in the window, each with its order's feedback sentiment. */
export const loadInvitationAudit = async (db: Database, tenantId: string, window: { from: Date; to: Date }): Promise<InvitationAudit> => {
  const rows = await db.query<{ order_id: string; customer_key: string; journey_at: Date; state: string; outcome_reason: string | null; due_at: Date; sentiment: string | null }>(
    `SELECT o.order_id, o.customer_key, o.journey_at, o.state, o.outcome_reason, o.due_at,
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
      dueAt: new Date(row.due_at),
      sentiment: (row.sentiment ?? 'no_feedback') as AuditSentiment,
    })),
    window,
  );
};
