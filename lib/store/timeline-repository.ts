import { randomBytes } from 'node:crypto';
import type { Database } from './database.ts';

/**
 * What the timelines read besides the asks (order events, feedback, cases, reviews), and the
 * opaque customer ids the tenant API uses instead of customer keys (which may hold an email).
 */
export interface TimelineFacts {
  readonly orderEvents: { orderId: string; eventId: string; kind: string; occurredAt: Date; source: string }[];
  readonly feedback: { orderId: string | null; feedbackId: string; revision: number; stage: string | null; score: number | null; scale: string | null; sentiment: string; issues: string[]; submittedAt: Date }[];
  readonly cases: { caseId: string; orderId: string | null; state: string; severity: string; openedAt: Date; resolvedAt: Date | null; resolution: string | null }[];
  readonly reviews: { orderId: string | null; source: string; reviewId: string; rating: number | null; postedAt: Date | null; receivedAt: Date }[];
}

export interface TimelineRepository {
  /** The stored order's customer key, number and tenant (for the CLI, which may not know the tenant). */
  orderOwners(orderId: string, tenantId?: string): Promise<{ tenantId: string; orderId: string; orderNumber: string | null; customerKey: string }[]>;
  /** The customer's opaque id, made on first use. */
  customerIdOf(tenantId: string, customerKey: string): Promise<string>;
  /** The customer key behind an opaque id, and its tenant (only that tenant's when given). */
  customerKeyOf(customerId: string, tenantId?: string): Promise<{ tenantId: string; customerKey: string } | null>;
  /** Customers whose orders carry this email (normalised) or phone. */
  findCustomers(tenantId: string, match: { email?: string | null; phone?: string | null }): Promise<{ customerKey: string; orders: number; lastOrderAt: Date | null }[]>;
  /** The customer's order ids, newest first. */
  ordersOf(tenantId: string, customerKey: string): Promise<string[]>;
  facts(tenantId: string, scope: { orderIds: readonly string[]; customerKey: string | null }): Promise<TimelineFacts>;
  /** Why the tenant's asks did not go (last 30 days) or wait now, by kind and kind of reason, with the latest reason. */
  outcomeSummary(tenantId: string): Promise<{ kind: string; state: string; cause: string | null; count: number; latestReason: string | null }[]>;
}

const newCustomerId = () => `cus_${randomBytes(12).toString('base64url')}`;
const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export const createTimelineRepository = (db: Database): TimelineRepository => ({
  async orderOwners(orderId, tenantId) {
    const rows = await db.query<{ tenant_id: string; order_id: string; order_number: string | null; customer_key: string }>(
      `SELECT tenant_id, order_id, order_number, customer_key FROM orders WHERE order_id = $1 AND ($2::text IS NULL OR tenant_id = $2) ORDER BY tenant_id`,
      [orderId, tenantId ?? null],
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, orderId: row.order_id, orderNumber: row.order_number, customerKey: row.customer_key }));
  },

  async customerIdOf(tenantId, customerKey) {
    const [row] = await db.query<{ customer_id: string }>(
      `WITH made AS (
         INSERT INTO customer_refs (tenant_id, customer_id, customer_key) VALUES ($1, $3, $2)
         ON CONFLICT (tenant_id, customer_key) DO NOTHING RETURNING customer_id
       )
       SELECT customer_id FROM made UNION ALL SELECT customer_id FROM customer_refs WHERE tenant_id = $1 AND customer_key = $2`,
      [tenantId, customerKey, newCustomerId()],
    );
    return row?.customer_id ?? '';
  },

  async customerKeyOf(customerId, tenantId) {
    const [row] = await db.query<{ tenant_id: string; customer_key: string }>(
      `SELECT tenant_id, customer_key FROM customer_refs WHERE customer_id = $1 AND ($2::text IS NULL OR tenant_id = $2)`,
      [customerId, tenantId ?? null],
    );
    return row ? { tenantId: row.tenant_id, customerKey: row.customer_key } : null;
  },

  async findCustomers(tenantId, match) {
    const rows = await db.query<{ customer_key: string; orders: string; last_order_at: Date | null }>(
      `SELECT customer_key, count(*) AS orders, max(COALESCE(placed_at, state_at)) AS last_order_at FROM orders
       WHERE tenant_id = $1 AND (($2::text IS NOT NULL AND lower(customer_email) = lower($2)) OR ($3::text IS NOT NULL AND customer_phone = $3))
       GROUP BY customer_key ORDER BY max(state_at) DESC LIMIT 20`,
      [tenantId, match.email ?? null, match.phone ?? null],
    );
    return rows.map((row) => ({ customerKey: row.customer_key, orders: Number(row.orders), lastOrderAt: row.last_order_at && new Date(row.last_order_at) }));
  },

  async ordersOf(tenantId, customerKey) {
    const rows = await db.query<{ order_id: string }>(
      `SELECT order_id FROM orders WHERE tenant_id = $1 AND customer_key = $2 ORDER BY state_at DESC LIMIT 500`,
      [tenantId, customerKey],
    );
    return rows.map((row) => row.order_id);
  },

  async outcomeSummary(tenantId) {
    const rows = await db.query<{ kind: string; state: string; cause: string | null; count: string; latest_reason: string | null }>(
      `SELECT kind, 'postponed' AS state, NULL AS cause, count(*) AS count, (array_agg(last_postponed_reason ORDER BY updated_at DESC))[1] AS latest_reason
       FROM outreach WHERE tenant_id = $1 AND state = 'scheduled' AND postponements > 0 GROUP BY kind
       UNION ALL
       SELECT kind, state, outcome_cause, count(*), (array_agg(outcome_reason ORDER BY updated_at DESC))[1]
       FROM outreach WHERE tenant_id = $1 AND state IN ('skipped', 'withdrawn', 'failed') AND updated_at > now() - interval '30 days'
       GROUP BY kind, state, outcome_cause
       ORDER BY 2, 1`,
      [tenantId],
    );
    return rows.map((row) => ({ kind: row.kind, state: row.state, cause: row.cause, count: Number(row.count), latestReason: row.latest_reason }));
  },

  async facts(tenantId, scope) {
    const orderIds = [...scope.orderIds];
    const [orderEvents, feedback, cases, reviews] = await Promise.all([
      db.query<{ order_id: string; event_id: string; kind: string; occurred_at: Date; source: string }>(
        `SELECT order_id, event_id, kind, occurred_at, source FROM order_events WHERE tenant_id = $1 AND order_id = ANY($2::text[]) ORDER BY occurred_at, event_id`,
        [tenantId, orderIds],
      ),
      db.query<{ order_id: string | null; feedback_id: string; revision: number; stage: string | null; score: string | null; scale: string | null; sentiment: string; issues: string[]; submitted_at: Date }>(
        `SELECT order_id, feedback_id, revision, stage, score, scale, sentiment, issues, submitted_at FROM feedback_classifications
         WHERE tenant_id = $1 AND (order_id = ANY($2::text[]) OR customer_key = $3) ORDER BY submitted_at`,
        [tenantId, orderIds, scope.customerKey],
      ),
      db.query<{ id: string; order_id: string | null; state: string; severity: string; opened_at: Date; resolved_at: Date | null; outcome: { resolution?: string } | null }>(
        `SELECT id, order_id, state, severity, opened_at, resolved_at, outcome FROM recovery_cases
         WHERE tenant_id = $1 AND (order_id = ANY($2::text[]) OR customer_key = $3) ORDER BY opened_at`,
        [tenantId, orderIds, scope.customerKey],
      ),
      db.query<{ order_id: string | null; source: string; review_id: string; rating: string | null; posted_at: Date | null; received_at: Date }>(
        `SELECT order_id, source, review_id, rating, posted_at, received_at FROM reviews
         WHERE tenant_id = $1 AND (order_id = ANY($2::text[]) OR customer_key = $3) ORDER BY received_at`,
        [tenantId, orderIds, scope.customerKey],
      ),
    ]);
    return {
      orderEvents: orderEvents.map((row) => ({ orderId: row.order_id, eventId: row.event_id, kind: row.kind, occurredAt: new Date(row.occurred_at), source: row.source })),
      feedback: feedback.map((row) => ({
        orderId: row.order_id,
        feedbackId: row.feedback_id,
        revision: row.revision,
        stage: row.stage,
        score: numberOrNull(row.score),
        scale: row.scale,
        sentiment: row.sentiment,
        issues: row.issues,
        submittedAt: new Date(row.submitted_at),
      })),
      cases: cases.map((row) => ({
        caseId: row.id,
        orderId: row.order_id,
        state: row.state,
        severity: row.severity,
        openedAt: new Date(row.opened_at),
        resolvedAt: row.resolved_at && new Date(row.resolved_at),
        resolution: row.outcome?.resolution ?? null,
      })),
      reviews: reviews.map((row) => ({
        orderId: row.order_id,
        source: row.source,
        reviewId: row.review_id,
        rating: numberOrNull(row.rating),
        postedAt: row.posted_at && new Date(row.posted_at),
        receivedAt: new Date(row.received_at),
      })),
    };
  },
});
