import { olderThan, positionMicros, type PagePosition } from './newest-first-page.ts';
import { ORDER_KINDS, type OrderEvent, type OrderKind } from '../../events/order-event.ts';
import type { Database, SqlExecutor } from './database.ts';
import { newerTombstoneExists } from './erasure-repository.ts';
import { memoisedSubjectDigest, subjectsOfEvent, type ErasureSubject } from '../privacy/erasure-subjects.ts';

export interface StoredOrder {
  readonly tenantId: string;
  readonly orderId: string;
  readonly platform: string;
  readonly orderNumber: string | null;
  readonly kind: OrderKind;
  readonly stateAt: Date;
  readonly customerKey: string;
  readonly customer: OrderEvent['customer'];
  readonly currency: string | null;
  readonly total: string | null;
  readonly refundedTotal: string | null;
  readonly items: OrderEvent['items'];
  readonly placedAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly lastEventId: string;
}

export interface StoredOrderEvent {
  readonly eventId: string;
  readonly kind: OrderKind;
  readonly occurredAt: Date;
  readonly source: string;
}

/** `erased`: about a customer, order or shop erased after the event was received (a replay): not stored. */
export type RecordOutcome = 'recorded' | 'duplicate' | 'erased';

export interface EventToRecord {
  readonly event: OrderEvent;
  /** Where it was read: `topic-partition@offset`. */
  readonly source: string;
}

export interface OrderRepository {
  /**
   * Appends each event once (keyed by its event id) and moves each order to its latest event by
   * event time, all in one statement; the outcomes are in the order given. An event whose shop,
   * customer or order has a tombstone newer than the event's receipt is refused (`erased`) in the
   * same statement, before anything of it is stored. A data error (an unknown tenant) fails the
   * whole call, so the caller can find the culprit one by one.
   */
  recordMany(events: readonly EventToRecord[]): Promise<RecordOutcome[]>;
  record(event: OrderEvent, source: string): Promise<RecordOutcome>;
  find(tenantId: string, orderId: string): Promise<StoredOrder | null>;
  events(tenantId: string, orderId: string): Promise<StoredOrderEvent[]>;
  /** Newest first by when afterglow recorded each order (a key that never changes: exact pages, lib/store/newest-first-page.ts). */
  list(tenantId: string, options?: { limit?: number; before?: PagePosition }): Promise<(StoredOrder & { readonly position: PagePosition })[]>;
  customerKeyOf(tenantId: string, orderId: string): Promise<string | null>;
  /** Whether any event, whenever it happened or arrived, cancelled or fully refunded the order. */
  wasCalledOff(tenantId: string, orderId: string): Promise<boolean>;
  /** For many orders at once: each stored order's customer key and whether it was called off. */
  /** Each order's customer, whether any event called it off, and when it was first fulfilled (event time). */
  journeyFacts(orders: readonly { tenantId: string; orderId: string }[]): Promise<Map<string, { customerKey: string; calledOff: boolean; fulfilledAt: Date | null }>>;
}

const KIND_RANK = `ARRAY[${ORDER_KINDS.map((kind) => `'${kind}'`).join(', ')}]::text[]`;
/** The incoming row is the order's latest: later event time, or the same time and a kind that wins. */
const STATE_IS_NEWER = `(EXCLUDED.state_at > orders.state_at OR (EXCLUDED.state_at = orders.state_at
  AND array_position(${KIND_RANK}, EXCLUDED.kind) >= array_position(${KIND_RANK}, orders.kind)))`;
/** Details (customer, items, totals) move only to a later event that describes the whole order. */
const DETAILS_ARE_NEWER = `(EXCLUDED.details_at IS NOT NULL AND (orders.details_at IS NULL OR EXCLUDED.details_at >= orders.details_at))`;
const STATE_COLUMNS = ['kind', 'last_event_id'] as const;
const DETAIL_COLUMNS = [
  'order_number',
  'customer_key',
  'customer_email',
  'customer_phone',
  'customer',
  'currency',
  'total',
  'refunded_total',
  'items',
  'details_at',
] as const;
const takeIf = (condition: string, columns: readonly string[]): string =>
  columns.map((column) => `${column} = CASE WHEN ${condition} THEN EXCLUDED.${column} ELSE orders.${column} END`).join(',\n    ');

/**
 * One statement for a whole batch: refuse the events about someone erased since they were
 * received (one round trip fewer than asking first), append the events that are new, then fold the new events of
 * each order into one row (latest state; latest full details; earliest placed and delivered
 * times) and upsert it with the same rules against what is stored. The rules commute, so a batch
 * gives what one-by-one would, whatever the arrival order.
 */
const RECORD_EVENTS = `
WITH incoming AS (
  -- The customer and items are the event's own (sent once, inside it: the batch's JSON is half the size).
  SELECT x.*, x.event->'customer' AS customer, x.event->'items' AS items FROM jsonb_to_recordset($1::jsonb) AS x(
    position int, tenant_id text, event_id text, order_id text, platform text, order_number text, kind text,
    state_at timestamptz, customer_key text, customer_email text, customer_phone text,
    currency text, total numeric, refunded_total numeric, placed_at timestamptz,
    delivered_at timestamptz, details_at timestamptz, source text, event jsonb, received_at timestamptz, erasure_subjects text[])
),
refused AS (
  SELECT position FROM incoming i WHERE ${newerTombstoneExists('i.tenant_id', 'i.erasure_subjects', 'i.received_at')}
),
admitted AS (
  SELECT * FROM incoming WHERE position NOT IN (SELECT position FROM refused)
),
appended AS (
  INSERT INTO order_events (tenant_id, event_id, order_id, kind, occurred_at, source, event)
  SELECT DISTINCT ON (tenant_id, event_id) tenant_id, event_id, order_id, kind, state_at, source, event
  FROM admitted ORDER BY tenant_id, event_id, position
  ON CONFLICT (tenant_id, event_id) DO NOTHING
  RETURNING tenant_id, event_id
),
fresh AS (
  SELECT DISTINCT ON (i.tenant_id, i.event_id) i.* FROM admitted i JOIN appended a USING (tenant_id, event_id)
  ORDER BY i.tenant_id, i.event_id, i.position
),
latest_state AS (
  SELECT DISTINCT ON (tenant_id, order_id) * FROM fresh
  ORDER BY tenant_id, order_id, state_at DESC, array_position(${KIND_RANK}, kind) DESC
),
latest_details AS (
  SELECT DISTINCT ON (tenant_id, order_id) * FROM fresh WHERE details_at IS NOT NULL
  ORDER BY tenant_id, order_id, details_at DESC, position DESC
),
dates AS (
  SELECT tenant_id, order_id, min(placed_at) AS placed_at, min(delivered_at) AS delivered_at
  FROM fresh GROUP BY tenant_id, order_id
),
upserted AS (
  INSERT INTO orders (tenant_id, order_id, platform, state_at, placed_at, delivered_at, ${STATE_COLUMNS.join(', ')}, ${DETAIL_COLUMNS.join(', ')})
  SELECT s.tenant_id, s.order_id, s.platform, s.state_at, dates.placed_at, dates.delivered_at,
    ${STATE_COLUMNS.map((column) => `s.${column === 'last_event_id' ? 'event_id' : column}`).join(', ')},
    ${DETAIL_COLUMNS.map((column) => `CASE WHEN d.event_id IS NULL THEN s.${column} ELSE d.${column} END`).join(', ')}
  FROM latest_state s
  JOIN dates USING (tenant_id, order_id)
  LEFT JOIN latest_details d USING (tenant_id, order_id)
  ON CONFLICT (tenant_id, order_id) DO UPDATE SET
    ${takeIf(STATE_IS_NEWER, STATE_COLUMNS)},
    state_at = GREATEST(orders.state_at, EXCLUDED.state_at),
    ${takeIf(DETAILS_ARE_NEWER, DETAIL_COLUMNS)},
    placed_at = COALESCE(orders.placed_at, EXCLUDED.placed_at),
    delivered_at = LEAST(orders.delivered_at, EXCLUDED.delivered_at),
    updated_at = now()
  RETURNING 1
)
SELECT tenant_id, event_id, NULL::int AS refused FROM appended
UNION ALL SELECT NULL, NULL, position FROM refused`;

const rowOf = ({ event, source }: EventToRecord, position: number, digestOf: (subject: ErasureSubject) => string) => ({
  position,
  tenant_id: event.tenantId,
  event_id: event.eventId,
  order_id: event.order.id,
  platform: event.platform,
  order_number: event.order.number,
  kind: event.kind,
  state_at: event.occurredAt,
  customer_key: event.customer.key,
  customer_email: event.customer.email,
  customer_phone: event.customer.phone,
  currency: event.order.currency,
  total: event.order.total,
  refunded_total: event.order.refundedTotal,
  placed_at: event.order.placedAt,
  delivered_at: event.fulfilment.deliveredAt ?? (event.kind === 'delivered' ? event.occurredAt : null),
  details_at: event.snapshot === 'full' ? event.occurredAt : null,
  source,
  event,
  // To the millisecond, as the tombstone check has always read it (Date): a receipt time with
  // more digits is not compared with them.
  received_at: new Date(event.receivedAt).toISOString(),
  erasure_subjects: subjectsOfEvent(event.customer.key, event.order.id).map(digestOf),
});

interface OrderRow {
  tenant_id: string;
  order_id: string;
  platform: string;
  order_number: string | null;
  kind: OrderKind;
  state_at: Date;
  customer_key: string;
  customer: OrderEvent['customer'];
  currency: string | null;
  total: string | null;
  refunded_total: string | null;
  items: OrderEvent['items'];
  placed_at: Date | null;
  delivered_at: Date | null;
  last_event_id: string;
}

const orderOf = (row: OrderRow): StoredOrder => ({
  tenantId: row.tenant_id,
  orderId: row.order_id,
  platform: row.platform,
  orderNumber: row.order_number,
  kind: row.kind,
  stateAt: new Date(row.state_at),
  customerKey: row.customer_key,
  customer: row.customer,
  currency: row.currency,
  total: row.total === null ? null : String(row.total),
  refundedTotal: row.refunded_total === null ? null : String(row.refunded_total),
  items: row.items,
  placedAt: row.placed_at && new Date(row.placed_at),
  deliveredAt: row.delivered_at && new Date(row.delivered_at),
  lastEventId: row.last_event_id,
});

const ORDER_COLUMNS = `tenant_id, order_id, platform, order_number, kind, state_at, customer_key, customer, currency,
  total::text AS total, refunded_total::text AS refunded_total, items, placed_at, delivered_at, last_event_id`;

const recordMany = async (db: SqlExecutor, events: readonly EventToRecord[]): Promise<RecordOutcome[]> => {
  if (events.length === 0) return [];
  const digestOf = memoisedSubjectDigest();
  const rows = await db.query<{ tenant_id: string | null; event_id: string | null; refused: number | null }>(RECORD_EVENTS, [
    JSON.stringify(events.map((event, position) => rowOf(event, position, digestOf))),
  ]);
  const fresh = new Set(rows.flatMap((row) => (row.refused === null ? [`${row.tenant_id}\u0000${row.event_id}`] : [])));
  const refused = new Set(rows.flatMap((row) => (row.refused === null ? [] : [row.refused])));
  // The first copy of an event in the batch is the one recorded; later copies are duplicates.
  return events.map(({ event }, position) =>
    refused.has(position) ? 'erased' : fresh.delete(`${event.tenantId}\u0000${event.eventId}`) ? 'recorded' : 'duplicate',
  );
};

export const createOrderRepository = (db: Database): OrderRepository => ({
  recordMany: (events) => recordMany(db, events),
  record: async (event, source) => (await recordMany(db, [{ event, source }]))[0] ?? 'duplicate',
  async find(tenantId, orderId) {
    const [row] = await db.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE tenant_id = $1 AND order_id = $2`,
      [tenantId, orderId],
    );
    return row ? orderOf(row) : null;
  },
  async events(tenantId, orderId) {
    const rows = await db.query<{ event_id: string; kind: OrderKind; occurred_at: Date; source: string }>(
      `SELECT event_id, kind, occurred_at, source FROM order_events
       WHERE tenant_id = $1 AND order_id = $2 ORDER BY occurred_at, recorded_at`,
      [tenantId, orderId],
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      kind: row.kind,
      occurredAt: new Date(row.occurred_at),
      source: row.source,
    }));
  },
  async list(tenantId, options = {}) {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const before = options.before;
    const rows = await db.query<OrderRow & { position_micros: string }>(
      `SELECT ${ORDER_COLUMNS}, ${positionMicros('created_at')} AS position_micros FROM orders
       WHERE tenant_id = $1 ${before ? `AND ${olderThan('created_at', 'order_id', '$3', '$4')}` : ''}
       ORDER BY created_at DESC, order_id DESC LIMIT $2`,
      before ? [tenantId, limit, before.micros, before.id] : [tenantId, limit],
    );
    return rows.map((row) => ({ ...orderOf(row), position: { micros: row.position_micros, id: row.order_id } }));
  },
  async customerKeyOf(tenantId, orderId) {
    const [row] = await db.query<{ customer_key: string }>(
      'SELECT customer_key FROM orders WHERE tenant_id = $1 AND order_id = $2',
      [tenantId, orderId],
    );
    return row?.customer_key ?? null;
  },
  async journeyFacts(orders) {
    if (orders.length === 0) return new Map();
    const rows = await db.query<{ tenant_id: string; order_id: string; customer_key: string; called_off: boolean; fulfilled_at: Date | null }>(
      `SELECT o.tenant_id, o.order_id, o.customer_key,
         EXISTS (SELECT 1 FROM order_events e WHERE e.tenant_id = o.tenant_id AND e.order_id = o.order_id AND e.kind IN ('cancelled', 'refunded')) AS called_off,
         (SELECT min(e.occurred_at) FROM order_events e WHERE e.tenant_id = o.tenant_id AND e.order_id = o.order_id AND e.kind = 'fulfilled') AS fulfilled_at
       FROM orders o JOIN unnest($1::text[], $2::text[]) AS x(tenant_id, order_id) ON o.tenant_id = x.tenant_id AND o.order_id = x.order_id`,
      [orders.map((order) => order.tenantId), orders.map((order) => order.orderId)],
    );
    return new Map(
      rows.map((row) => [
        `${row.tenant_id}\u0000${row.order_id}`,
        { customerKey: row.customer_key, calledOff: row.called_off, fulfilledAt: row.fulfilled_at && new Date(row.fulfilled_at) },
      ]),
    );
  },
  async wasCalledOff(tenantId, orderId) {
    const [row] = await db.query<{ called_off: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM order_events WHERE tenant_id = $1 AND order_id = $2 AND kind IN ('cancelled', 'refunded')) AS called_off`,
      [tenantId, orderId],
    );
    return row?.called_off ?? false;
  },
});
