import type { StoredOrder } from '../store/order-repository.ts';

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
