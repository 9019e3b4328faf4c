import { olderThan, positionMicros, type PagePosition } from './newest-first-page.ts';
import { ORDER_KINDS, type OrderEvent, type OrderKind } from '../../events/order-event.ts';
import type { Database, SqlExecutor } from './database.ts';
import { newerTombstoneExists } from './erasure-repository.ts';
import { memoisedSubjectDigest, subjectsOfEvent, type ErasureSubject } from '../privacy/erasure-subjects.ts';
import { journeyFactKey } from '../orders/journey-fact-key.ts';

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

/** What the journey needs of a stored order: its customer, whether any event called it off, when it was first fulfilled (event time). */
export interface JourneyFact {
  readonly customerKey: string;
  readonly calledOff: boolean;
  readonly fulfilledAt: Date | null;
}
/** Keyed by {@link journeyFactKey}. */
export type JourneyFacts = ReadonlyMap<string, JourneyFact>;

/** A batch as the store recorded it. */
export interface RecordedBatch {
  /** One per event, in the order given. */
  readonly outcomes: RecordOutcome[];
  /** The journey facts of every order the admitted events name, as they stand once the batch is stored. */
  readonly journeyFacts: JourneyFacts;
}

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
   * same statement, before anything of it is stored. The same statement reports the journey facts
   * of the orders it touched, so the journey need not ask again. A data error (an unknown tenant)
   * fails the whole call, so the caller can find the culprit one by one.
   */
  recordMany(events: readonly EventToRecord[]): Promise<RecordedBatch>;
  record(event: OrderEvent, source: string): Promise<RecordOutcome>;
  find(tenantId: string, orderId: string): Promise<StoredOrder | null>;
  events(tenantId: string, orderId: string): Promise<StoredOrderEvent[]>;
  /** Newest first by when afterglow recorded each order (a key that never changes: exact pages, lib/store/newest-first-page.ts). */
  list(tenantId: string, options?: { limit?: number; before?: PagePosition }): Promise<(StoredOrder & { readonly position: PagePosition })[]>;
  customerKeyOf(tenantId: string, orderId: string): Promise<string | null>;
  /** Whether any event, whenever it happened or arrived, cancelled or fully refunded the order. */
  wasCalledOff(tenantId: string, orderId: string): Promise<boolean>;
  /** For many orders at once: each stored order's customer, whether any event called it off, and when it was first fulfilled (event time). */
  journeyFacts(orders: readonly { tenantId: string; orderId: string }[]): Promise<JourneyFacts>;
}

/** Kinds that call an order off for good, and the one that starts the fallback's clock (the journey's facts). */
const CALLED_OFF_KINDS = `('cancelled', 'refunded')`;
const FULFILLED_KIND = `'fulfilled'`;

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
  RETURNING tenant_id, order_id, customer_key
),
-- The journey's facts as journeyFacts reads them once this is stored. The statement's snapshot
-- does not show the rows it writes, so the events it appends (fresh) and the orders it upserts
-- count beside the stored ones.
facts AS (
  SELECT t.tenant_id, t.order_id,
    COALESCE((SELECT u.customer_key FROM upserted u WHERE u.tenant_id = t.tenant_id AND u.order_id = t.order_id),
      (SELECT o.customer_key FROM orders o WHERE o.tenant_id = t.tenant_id AND o.order_id = t.order_id)) AS customer_key,
    EXISTS (SELECT 1 FROM order_events e WHERE e.tenant_id = t.tenant_id AND e.order_id = t.order_id AND e.kind IN ${CALLED_OFF_KINDS})
      OR EXISTS (SELECT 1 FROM fresh f WHERE f.tenant_id = t.tenant_id AND f.order_id = t.order_id AND f.kind IN ${CALLED_OFF_KINDS}) AS called_off,
    LEAST(
      (SELECT min(e.occurred_at) FROM order_events e WHERE e.tenant_id = t.tenant_id AND e.order_id = t.order_id AND e.kind = ${FULFILLED_KIND}),
      (SELECT min(f.state_at) FROM fresh f WHERE f.tenant_id = t.tenant_id AND f.order_id = t.order_id AND f.kind = ${FULFILLED_KIND})) AS fulfilled_at
  FROM (SELECT DISTINCT tenant_id, order_id FROM admitted) t
)
SELECT 'appended' AS row_kind, tenant_id, event_id, NULL::int AS refused, NULL::text AS order_id, NULL::text AS customer_key, NULL::boolean AS called_off, NULL::timestamptz AS fulfilled_at FROM appended
UNION ALL SELECT 'refused', NULL, NULL, position, NULL, NULL, NULL, NULL FROM refused
UNION ALL SELECT 'fact', tenant_id, NULL, NULL, order_id, customer_key, called_off, fulfilled_at FROM facts WHERE customer_key IS NOT NULL`;

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

interface RecordEventsRow {
  row_kind: 'appended' | 'refused' | 'fact';
  tenant_id: string;
  event_id: string;
  refused: number;
  order_id: string;
  customer_key: string;
  called_off: boolean;
  fulfilled_at: Date | null;
}

const journeyFactOf = (row: Pick<RecordEventsRow, 'customer_key' | 'called_off' | 'fulfilled_at'>): JourneyFact => ({
  customerKey: row.customer_key,
  calledOff: row.called_off,
  fulfilledAt: row.fulfilled_at && new Date(row.fulfilled_at),
});

const recordMany = async (db: SqlExecutor, events: readonly EventToRecord[]): Promise<RecordedBatch> => {
  if (events.length === 0) return { outcomes: [], journeyFacts: new Map() };
  const digestOf = memoisedSubjectDigest();
  const rows = await db.query<RecordEventsRow>(RECORD_EVENTS, [JSON.stringify(events.map((event, position) => rowOf(event, position, digestOf)))]);
  const fresh = new Set<string>();
  const refused = new Set<number>();
  const journeyFacts = new Map<string, JourneyFact>();
  for (const row of rows) {
    if (row.row_kind === 'appended') fresh.add(`${row.tenant_id}\u0000${row.event_id}`);
    else if (row.row_kind === 'refused') refused.add(row.refused);
    else journeyFacts.set(journeyFactKey(row.tenant_id, row.order_id), journeyFactOf(row));
  }
  // The first copy of an event in the batch is the one recorded; later copies are duplicates.
  const outcomes = events.map(({ event }, position): RecordOutcome =>
    refused.has(position) ? 'erased' : fresh.delete(`${event.tenantId}\u0000${event.eventId}`) ? 'recorded' : 'duplicate',
  );
  return { outcomes, journeyFacts };
};

export const createOrderRepository = (db: Database): OrderRepository => ({
  recordMany: (events) => recordMany(db, events),
  record: async (event, source) => (await recordMany(db, [{ event, source }])).outcomes[0] ?? 'duplicate',
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
         EXISTS (SELECT 1 FROM order_events e WHERE e.tenant_id = o.tenant_id AND e.order_id = o.order_id AND e.kind IN ${CALLED_OFF_KINDS}) AS called_off,
         (SELECT min(e.occurred_at) FROM order_events e WHERE e.tenant_id = o.tenant_id AND e.order_id = o.order_id AND e.kind = ${FULFILLED_KIND}) AS fulfilled_at
       FROM orders o JOIN unnest($1::text[], $2::text[]) AS x(tenant_id, order_id) ON o.tenant_id = x.tenant_id AND o.order_id = x.order_id`,
      [orders.map((order) => order.tenantId), orders.map((order) => order.orderId)],
    );
    return new Map(rows.map((row) => [journeyFactKey(row.tenant_id, row.order_id), journeyFactOf(row)]));
  },
  async wasCalledOff(tenantId, orderId) {
    const [row] = await db.query<{ called_off: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM order_events WHERE tenant_id = $1 AND order_id = $2 AND kind IN ('cancelled', 'refunded')) AS called_off`,
      [tenantId, orderId],
    );
    return row?.called_off ?? false;
  },
});
