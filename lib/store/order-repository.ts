import { ORDER_KINDS, type OrderEvent, type OrderKind } from '../../events/order-event.ts';
import type { Database, SqlExecutor } from './database.ts';

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

export type RecordOutcome = 'recorded' | 'duplicate';

export interface OrderRepository {
  /**
   * Appends the event once (keyed by its event id) and moves the order to it if it is the latest
   * by event time, in one transaction. `source` says where it was read (`topic-partition@offset`).
   */
  record(event: OrderEvent, source: string): Promise<RecordOutcome>;
  find(tenantId: string, orderId: string): Promise<StoredOrder | null>;
  events(tenantId: string, orderId: string): Promise<StoredOrderEvent[]>;
  list(tenantId: string, options?: { limit?: number; before?: { stateAt: Date; orderId: string } }): Promise<StoredOrder[]>;
  customerKeyOf(tenantId: string, orderId: string): Promise<string | null>;
}

const KIND_RANK = `ARRAY[${ORDER_KINDS.map((kind) => `'${kind}'`).join(', ')}]::text[]`;
/** The incoming event is the order's latest: later event time, or the same time and a kind that wins. */
const STATE_IS_NEWER = `(EXCLUDED.state_at > orders.state_at OR (EXCLUDED.state_at = orders.state_at
  AND array_position(${KIND_RANK}, EXCLUDED.kind) >= array_position(${KIND_RANK}, orders.kind)))`;
/** Details (customer, items, totals) move only to a later event that describes the whole order. */
const DETAILS_ARE_NEWER = `(EXCLUDED.details_at IS NOT NULL AND (orders.details_at IS NULL OR EXCLUDED.details_at >= orders.details_at))`;
const takeIf = (condition: string, columns: readonly string[]): string =>
  columns.map((column) => `${column} = CASE WHEN ${condition} THEN EXCLUDED.${column} ELSE orders.${column} END`).join(',\n  ');

const UPSERT_ORDER = `
INSERT INTO orders (tenant_id, order_id, platform, order_number, kind, state_at, customer_key, customer_email,
  customer_phone, customer, currency, total, refunded_total, items, placed_at, delivered_at, details_at, last_event_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14::jsonb, $15, $16, $17, $18)
ON CONFLICT (tenant_id, order_id) DO UPDATE SET
  ${takeIf(STATE_IS_NEWER, ['kind', 'last_event_id'])},
  state_at = GREATEST(orders.state_at, EXCLUDED.state_at),
  ${takeIf(DETAILS_ARE_NEWER, [
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
  ])},
  placed_at = COALESCE(orders.placed_at, EXCLUDED.placed_at),
  delivered_at = LEAST(orders.delivered_at, EXCLUDED.delivered_at),
  updated_at = now()`;

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

const appendEvent = (tx: SqlExecutor, event: OrderEvent, source: string) =>
  tx.query(
    `INSERT INTO order_events (tenant_id, event_id, order_id, kind, occurred_at, source, event)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
     ON CONFLICT (tenant_id, event_id) DO NOTHING
     RETURNING event_id`,
    [event.tenantId, event.eventId, event.order.id, event.kind, event.occurredAt, source, JSON.stringify(event)],
  );

const upsertOrder = (tx: SqlExecutor, event: OrderEvent) =>
  tx.query(UPSERT_ORDER, [
    event.tenantId,
    event.order.id,
    event.platform,
    event.order.number,
    event.kind,
    event.occurredAt,
    event.customer.key,
    event.customer.email,
    event.customer.phone,
    JSON.stringify(event.customer),
    event.order.currency,
    event.order.total,
    event.order.refundedTotal,
    JSON.stringify(event.items),
    event.order.placedAt,
    event.fulfilment.deliveredAt ?? (event.kind === 'delivered' ? event.occurredAt : null),
    event.snapshot === 'full' ? event.occurredAt : null,
    event.eventId,
  ]);

const ORDER_COLUMNS = `tenant_id, order_id, platform, order_number, kind, state_at, customer_key, customer, currency,
  total::text AS total, refunded_total::text AS refunded_total, items, placed_at, delivered_at, last_event_id`;

export const createOrderRepository = (db: Database): OrderRepository => ({
  record: (event, source) =>
    db.transaction(async (tx) => {
      const appended = await appendEvent(tx, event, source);
      if (appended.length === 0) return 'duplicate';
      await upsertOrder(tx, event);
      return 'recorded';
    }),
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
    const rows = options.before
      ? await db.query<OrderRow>(
          `SELECT ${ORDER_COLUMNS} FROM orders WHERE tenant_id = $1 AND (state_at, order_id) < ($2, $3)
           ORDER BY state_at DESC, order_id DESC LIMIT $4`,
          [tenantId, options.before.stateAt, options.before.orderId, limit],
        )
      : await db.query<OrderRow>(
          `SELECT ${ORDER_COLUMNS} FROM orders WHERE tenant_id = $1 ORDER BY state_at DESC, order_id DESC LIMIT $2`,
          [tenantId, limit],
        );
    return rows.map(orderOf);
  },
  async customerKeyOf(tenantId, orderId) {
    const [row] = await db.query<{ customer_key: string }>(
      'SELECT customer_key FROM orders WHERE tenant_id = $1 AND order_id = $2',
      [tenantId, orderId],
    );
    return row?.customer_key ?? null;
  },
});
