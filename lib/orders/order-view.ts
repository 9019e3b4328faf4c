import { InvalidRequestError } from '../errors.ts';
import type { StoredOrder } from '../store/order-repository.ts';
import { isStorableInstant } from '../http/request-params.ts';

/** An order as the tenant API shows it. */
export const orderView = (order: StoredOrder) => ({
  orderId: order.orderId,
  orderNumber: order.orderNumber,
  platform: order.platform,
  kind: order.kind,
  stateAt: order.stateAt.toISOString(),
  customer: order.customer,
  currency: order.currency,
  total: order.total,
  refundedTotal: order.refundedTotal,
  items: order.items,
  placedAt: order.placedAt?.toISOString() ?? null,
  deliveredAt: order.deliveredAt?.toISOString() ?? null,
});

/** Cursors are opaque to clients: base64url of the last row's (state time, order id). */
export const orderCursorOf = (order: StoredOrder): string =>
  Buffer.from(`${order.stateAt.toISOString()}|${order.orderId}`, 'utf8').toString('base64url');

export const parseOrderCursor = (cursor: string): { stateAt: Date; orderId: string } => {
  const [stateAt, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(stateAt ?? '');
  if (!isStorableInstant(date) || rest.length === 0) throw new InvalidRequestError('cursor is not valid');
  return { stateAt: date, orderId: rest.join('|') };
};
