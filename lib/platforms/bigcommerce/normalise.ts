import type { OrderKind } from '../../../events/order-event.ts';
import { addressKeyOf, compareAmounts, customerKeyOf, nonEmpty, normaliseEmail, toInstant } from '../normalise-helpers.ts';
import { buildOrderEvent, ignored, orderOnlyEvent, type DeliveryContext, type Normalised } from '../order-event-builder.ts';
import { parsePayload } from '../parse-payload.ts';
import type { BigCommerceOrdersApi, BigCommerceStoreApi } from './orders-api.ts';
import {
  BigCommerceWebhookSchema,
  type BigCommerceOrder,
  type BigCommerceOrderProducts,
  type BigCommerceWebhook,
} from './payload.ts';

/** Scopes that describe an order's lifecycle; `archived` is the merchant deleting it. */
const ORDER_SCOPES = new Set([
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
  'store/order/archived',
  'store/order/refund/created',
]);
const KIND_NAMED_BY_SCOPE: Readonly<Record<string, OrderKind>> = { 'store/order/archived': 'cancelled' };

/** BigCommerce's fixed order status ids (GET /v2/order_statuses). */
const KIND_OF_STATUS_ID: Readonly<Record<number, OrderKind>> = {
  0: 'placed', // Incomplete
  1: 'placed', // Pending
  2: 'fulfilled', // Shipped
  3: 'paid', // Partially Shipped
  4: 'refunded',
  5: 'cancelled',
  6: 'cancelled', // Declined
  7: 'placed', // Awaiting Payment
  8: 'fulfilled', // Awaiting Pickup: ready and handed over to the pickup point
  9: 'paid', // Awaiting Shipment
  10: 'completed',
  11: 'paid', // Awaiting Fulfillment
  12: 'placed', // Manual Verification Required
  13: 'paid', // Disputed
  14: 'partially_refunded',
};

/** Parses the thin body; throws InvalidPayloadError (400) when it is not a BigCommerce webhook. */
export const readBigCommerceWebhook = (rawPayload: unknown): BigCommerceWebhook =>
  parsePayload(BigCommerceWebhookSchema, rawPayload, 'BigCommerce webhook');

export const isBigCommerceOrderScope = (scope: string): boolean => ORDER_SCOPES.has(scope);

/** DESIGN precedence: a refunded amount turns a completed or shipped order into a (partial) refund. */
export const bigCommerceOrderKind = (order: BigCommerceOrder): OrderKind => {
  const byStatus = KIND_OF_STATUS_ID[order.status_id] ?? 'placed';
  if (byStatus === 'cancelled' || byStatus === 'refunded' || byStatus === 'partially_refunded') return byStatus;
  const refunded = order.refunded_amount;
  if (refunded !== null && compareAmounts(refunded, '0') > 0) {
    return order.total_inc_tax !== null && compareAmounts(refunded, order.total_inc_tax) >= 0
      ? 'refunded'
      : 'partially_refunded';
  }
  return byStatus;
};

const orderEventOf = (
  context: DeliveryContext,
  kind: OrderKind,
  occurredAt: string,
  order: BigCommerceOrder,
  products: BigCommerceOrderProducts,
): Normalised => {
  const email = normaliseEmail(order.billing_address?.email);
  return buildOrderEvent(context, kind, {
    snapshot: 'full',
    occurredAt,
    order: {
      id: order.id,
      number: order.id,
      status: nonEmpty(order.status),
      currency: nonEmpty(order.currency_code),
      total: order.total_inc_tax,
      refundedTotal: order.refunded_amount !== null && compareAmounts(order.refunded_amount, '0') > 0 ? order.refunded_amount : null,
      placedAt: toInstant(order.date_created),
      cancelReason: null,
      discountCodes: [],
      landingSite: null,
      // The V2 order carries the billing address; shipping addresses are a separate resource.
      shippingAddressKey: addressKeyOf({
        line1: order.billing_address?.street_1,
        postcode: order.billing_address?.zip,
        country: order.billing_address?.country_iso2,
      }),
    },
    customer: {
      key: customerKeyOf({ customerId: order.customer_id, email, orderId: order.id }),
      id: order.customer_id,
      email,
      phone: nonEmpty(order.billing_address?.phone),
      firstName: nonEmpty(order.billing_address?.first_name),
      lastName: nonEmpty(order.billing_address?.last_name),
      locale: nonEmpty(order.customer_locale),
      acceptsMarketing: null,
    },
    items: products.map((product) => ({
      id: product.id,
      productId: product.product_id,
      variantId: product.variant_id,
      sku: nonEmpty(product.sku),
      title: product.name ?? '',
      quantity: product.quantity,
      refundedQuantity: Math.min(product.quantity, product.quantity_refunded ?? 0),
      unitPrice: product.price_inc_tax,
    })),
    fulfilment: { status: null, fulfilledAt: toInstant(order.date_shipped), deliveredAt: null },
  });
};

/**
 * BigCommerce webhook → OrderEvent: the thin body names the order, the store's V2 Orders API
 * tells what it is now. Event time is the webhook's `created_at` (when BigCommerce saw the change).
 */
export const normaliseBigCommerceWebhook = async (
  webhook: BigCommerceWebhook,
  context: DeliveryContext,
  ordersApi: BigCommerceOrdersApi,
  store: BigCommerceStoreApi,
): Promise<Normalised> => {
  if (!isBigCommerceOrderScope(webhook.scope)) return ignored(`scope ${webhook.scope} is not an order lifecycle scope`);
  const orderId = webhook.data.id;
  const occurredAt = toInstant(webhook.created_at) ?? context.receivedAt.toISOString();
  const namedKind = KIND_NAMED_BY_SCOPE[webhook.scope];
  const fetched = await ordersApi.fetchOrder(store, orderId);
  if (!fetched.found) {
    if (namedKind) {
      return orderOnlyEvent(context, namedKind, { id: orderId, customerKey: await context.storedCustomerKey(orderId), occurredAt });
    }
    return ignored(`order ${orderId} no longer exists in the store`);
  }
  return orderEventOf(context, namedKind ?? bigCommerceOrderKind(fetched.order), occurredAt, fetched.order, fetched.products);
};
