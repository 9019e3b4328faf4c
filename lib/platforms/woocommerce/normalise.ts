import type { OrderKind } from '../../../events/order-event.ts';
import {
  addressKeyOf,
  absoluteAmount,
  compareAmounts,
  customerKeyOf,
  nonEmpty,
  normaliseEmail,
  sumAmounts,
  toInstant,
} from '../normalise-helpers.ts';
import { buildOrderEvent, ignored, orderOnlyEvent, type DeliveryContext, type Normalised } from '../order-event-builder.ts';
import { parsePayload } from '../parse-payload.ts';
import { WooCommerceOrderDeletedSchema, WooCommerceOrderSchema, type WooCommerceOrder } from './payload.ts';

const STATE_TOPICS = new Set(['order.created', 'order.updated', 'order.restored']);

/** Whether afterglow reads this topic at all; the others are answered 200 and dropped. */
export const isWooCommerceOrderTopic = (topic: string | null): boolean =>
  topic === null || STATE_TOPICS.has(topic) || topic === 'order.deleted';

/** Woo statuses, including the `shipped`/`delivered` that shipment-tracking plugins add. */
const KIND_OF_STATUS: Readonly<Record<string, OrderKind>> = {
  cancelled: 'cancelled',
  trash: 'cancelled',
  refunded: 'refunded',
  delivered: 'delivered',
  completed: 'completed',
  shipped: 'fulfilled',
  processing: 'paid',
  pending: 'placed',
  'on-hold': 'placed',
  failed: 'placed',
  'checkout-draft': 'placed',
};

const refundedTotalOf = (order: WooCommerceOrder): string | null => {
  const refunds = (order.refunds ?? []).map((refund) => absoluteAmount(refund.total ?? '0'));
  return refunds.length > 0 ? sumAmounts(refunds) : null;
};

/**
 * DESIGN precedence: cancelled > refunded > partially_refunded > delivered > completed > ….
 * Woo has no partially-refunded status: a completed order with refunds below its total is one.
 */
export const wooCommerceOrderKind = (order: WooCommerceOrder): OrderKind => {
  const byStatus = KIND_OF_STATUS[order.status] ?? 'placed';
  if (byStatus === 'cancelled' || byStatus === 'refunded') return byStatus;
  const refunded = refundedTotalOf(order);
  if (refunded !== null && compareAmounts(refunded, '0') > 0) {
    return order.total !== null && compareAmounts(refunded, order.total) >= 0 ? 'refunded' : 'partially_refunded';
  }
  return byStatus;
};

const normaliseOrder = (order: WooCommerceOrder, context: DeliveryContext): Normalised => {
  const email = normaliseEmail(order.billing?.email);
  const kind = wooCommerceOrderKind(order);
  return buildOrderEvent(context, kind, {
    snapshot: 'full',
    occurredAt:
      toInstant(order.date_modified_gmt, { assumeUtc: true }) ??
      toInstant(order.date_created_gmt, { assumeUtc: true }) ??
      context.receivedAt.toISOString(),
    order: {
      id: order.id,
      number: order.number === null || order.number === undefined ? null : String(order.number),
      status: order.status,
      currency: nonEmpty(order.currency),
      total: order.total,
      refundedTotal: refundedTotalOf(order),
      placedAt: toInstant(order.date_created_gmt, { assumeUtc: true }),
      cancelReason: null,
      discountCodes: (order.coupon_lines ?? []).map((coupon) => coupon.code),
      landingSite: null,
      shippingAddressKey: addressKeyOf({ line1: order.shipping?.address_1, postcode: order.shipping?.postcode, country: order.shipping?.country }),
    },
    customer: {
      key: customerKeyOf({ customerId: order.customer_id, email, orderId: order.id }),
      id: order.customer_id,
      email,
      phone: nonEmpty(order.billing?.phone),
      firstName: nonEmpty(order.billing?.first_name),
      lastName: nonEmpty(order.billing?.last_name),
      locale: null,
      acceptsMarketing: null,
    },
    // Woo's order body lists refunds by amount only, not by line: refunded quantities are unknown.
    items: order.line_items.map((line) => ({
      id: line.id,
      productId: line.product_id,
      variantId: line.variation_id,
      sku: nonEmpty(line.sku),
      title: line.name ?? '',
      quantity: line.quantity,
      refundedQuantity: 0,
      unitPrice: line.price,
    })),
    fulfilment: {
      status: null,
      fulfilledAt: null,
      deliveredAt: kind === 'delivered' ? toInstant(order.date_modified_gmt, { assumeUtc: true }) : null,
    },
  });
};

/** WooCommerce webhook body (topic from `X-WC-Webhook-Topic`) → OrderEvent. */
export const normaliseWooCommerceWebhook = async (
  rawPayload: unknown,
  context: DeliveryContext,
): Promise<Normalised> => {
  const { topic } = context;
  if (!isWooCommerceOrderTopic(topic)) return ignored(`topic ${topic} is not an order topic`);
  if (topic === 'order.deleted') {
    const { id } = parsePayload(WooCommerceOrderDeletedSchema, rawPayload, 'WooCommerce order deletion');
    return orderOnlyEvent(context, 'cancelled', {
      id,
      customerKey: await context.storedCustomerKey(id),
      occurredAt: context.receivedAt.toISOString(),
    });
  }
  return normaliseOrder(parsePayload(WooCommerceOrderSchema, rawPayload, 'WooCommerce order'), context);
};
