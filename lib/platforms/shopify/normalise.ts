import type { OrderItem, OrderKind } from '../../../events/order-event.ts';
import {
  addressKeyOf,
  absoluteAmount,
  customerKeyOf,
  nonEmpty,
  normaliseEmail,
  sumAmounts,
  toInstant,
} from '../normalise-helpers.ts';
import {
  buildOrderEvent,
  ignored,
  orderOnlyEvent,
  orderWithoutDetails,
  type DeliveryContext,
  type Normalised,
} from '../order-event-builder.ts';
import { parsePayload } from '../parse-payload.ts';
import {
  ShopifyFulfillmentEventSchema,
  ShopifyOrderDeletedSchema,
  ShopifyOrderSchema,
  type ShopifyOrder,
} from './payload.ts';

/** Topics whose name says the kind; every other order topic takes its kind from the order's state. */
const KIND_NAMED_BY_TOPIC: Readonly<Record<string, OrderKind>> = {
  'orders/paid': 'paid',
  'orders/fulfilled': 'fulfilled',
  'orders/cancelled': 'cancelled',
};
const ORDER_TOPICS = new Set([
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/fulfilled',
  'orders/partially_fulfilled',
  'orders/cancelled',
]);
const FULFILLMENT_TOPICS = new Set(['fulfillments/create', 'fulfillments/update']);

/** Whether afterglow reads this topic at all; the others are answered 200 and dropped. */
export const isShopifyOrderTopic = (topic: string | null): boolean =>
  topic === null || ORDER_TOPICS.has(topic) || FULFILLMENT_TOPICS.has(topic) || topic === 'orders/delete';

const isDelivered = (order: ShopifyOrder): boolean => {
  const shipped = (order.fulfillments ?? []).filter((fulfillment) => fulfillment.status === 'success');
  return shipped.length > 0 && shipped.every((fulfillment) => fulfillment.shipment_status === 'delivered');
};

/** DESIGN precedence: cancelled > refunded > partially_refunded > delivered > fulfilled > paid > placed. */
export const shopifyOrderKind = (order: ShopifyOrder): OrderKind => {
  if (order.cancelled_at || order.financial_status === 'voided') return 'cancelled';
  if (order.financial_status === 'refunded') return 'refunded';
  if (order.financial_status === 'partially_refunded') return 'partially_refunded';
  if (isDelivered(order)) return 'delivered';
  if (order.fulfillment_status === 'fulfilled') return 'fulfilled';
  if (order.financial_status === 'paid' || order.financial_status === 'partially_paid') return 'paid';
  return 'placed';
};

const refundedQuantities = (order: ShopifyOrder): Map<string, number> => {
  const refunded = new Map<string, number>();
  for (const refund of order.refunds ?? []) {
    for (const line of refund.refund_line_items ?? []) {
      refunded.set(line.line_item_id, (refunded.get(line.line_item_id) ?? 0) + line.quantity);
    }
  }
  return refunded;
};

const refundedTotal = (order: ShopifyOrder): string | null => {
  const amounts = (order.refunds ?? [])
    .flatMap((refund) => refund.transactions ?? [])
    .filter((transaction) => transaction.kind === 'refund' && transaction.status !== 'failure' && transaction.amount)
    .map((transaction) => absoluteAmount(transaction.amount ?? '0'));
  return amounts.length > 0 ? sumAmounts(amounts) : null;
};

const itemsOf = (
  lines: NonNullable<ShopifyOrder['line_items']>,
  refunded: ReadonlyMap<string, number> = new Map(),
): OrderItem[] =>
  lines.map((line) => ({
    id: line.id,
    productId: line.product_id,
    variantId: line.variant_id,
    sku: nonEmpty(line.sku),
    title: line.title ?? line.name ?? '',
    quantity: line.quantity,
    refundedQuantity: Math.min(line.quantity, refunded.get(line.id) ?? 0),
    unitPrice: line.price,
  }));

const latest = (instants: readonly (string | null)[]): string | null =>
  instants.filter((instant): instant is string => instant !== null).sort().at(-1) ?? null;

const normaliseOrder = (order: ShopifyOrder, context: DeliveryContext, triggeredAt: string | null): Normalised => {
  const kind = (context.topic && KIND_NAMED_BY_TOPIC[context.topic]) || shopifyOrderKind(order);
  const email = normaliseEmail(order.customer?.email ?? order.email ?? order.contact_email);
  const customerId = order.customer?.id ?? null;
  const shipped = (order.fulfillments ?? []).filter((fulfillment) => fulfillment.status === 'success');
  const consent = order.customer?.email_marketing_consent?.state;
  const smsConsent = order.customer?.sms_marketing_consent?.state;
  return buildOrderEvent(context, kind, {
    snapshot: 'full',
    occurredAt:
      toInstant(order.updated_at) ?? triggeredAt ?? toInstant(order.processed_at) ?? context.receivedAt.toISOString(),
    order: {
      id: order.id,
      number: nonEmpty(order.name) ?? (order.order_number === null || order.order_number === undefined ? null : String(order.order_number)),
      status: [order.financial_status, order.fulfillment_status].filter(Boolean).join(' / ') || null,
      currency: nonEmpty(order.currency),
      total: order.total_price,
      refundedTotal: refundedTotal(order),
      placedAt: toInstant(order.processed_at ?? order.created_at),
      cancelReason: nonEmpty(order.cancel_reason),
      discountCodes: (order.discount_codes ?? []).map((discount) => discount.code),
      landingSite: nonEmpty(order.landing_site),
      shippingAddressKey: addressKeyOf({
        line1: order.shipping_address?.address1,
        postcode: order.shipping_address?.zip,
        country: order.shipping_address?.country_code,
      }),
    },
    customer: {
      key: customerKeyOf({ customerId, email, orderId: order.id }),
      id: customerId,
      email,
      phone: nonEmpty(order.customer?.phone ?? order.phone),
      firstName: nonEmpty(order.customer?.first_name ?? order.billing_address?.first_name),
      lastName: nonEmpty(order.customer?.last_name ?? order.billing_address?.last_name),
      locale: nonEmpty(order.customer_locale),
      acceptsMarketing:
        consent !== null && consent !== undefined ? consent === 'subscribed' : (order.buyer_accepts_marketing ?? null),
      // Shopify reports SMS consent apart from email; nothing said is not a yes.
      smsConsent: smsConsent !== null && smsConsent !== undefined ? smsConsent === 'subscribed' : null,
    },
    items: itemsOf(order.line_items, refundedQuantities(order)),
    fulfilment: {
      status: nonEmpty(order.fulfillment_status),
      fulfilledAt: shipped.map((fulfillment) => toInstant(fulfillment.created_at)).filter(Boolean).sort()[0] ?? null,
      deliveredAt: isDelivered(order)
        ? latest(shipped.map((fulfillment) => toInstant(fulfillment.updated_at ?? fulfillment.created_at)))
        : null,
    },
  });
};

const normaliseFulfillment = async (rawPayload: unknown, context: DeliveryContext): Promise<Normalised> => {
  const fulfillment = parsePayload(ShopifyFulfillmentEventSchema, rawPayload, 'Shopify fulfillment');
  const kind: OrderKind | null =
    fulfillment.shipment_status === 'delivered' ? 'delivered' : fulfillment.status === 'success' ? 'fulfilled' : null;
  if (!kind) {
    return ignored(`fulfillment status ${fulfillment.status ?? 'none'} / ${fulfillment.shipment_status ?? 'none'} is not tracked`);
  }
  const email = normaliseEmail(fulfillment.email);
  const occurredAt = toInstant(fulfillment.updated_at ?? fulfillment.created_at) ?? context.receivedAt.toISOString();
  return buildOrderEvent(context, kind, {
    snapshot: 'partial',
    occurredAt,
    order: orderWithoutDetails(
      fulfillment.order_id,
      [fulfillment.status, fulfillment.shipment_status].filter(Boolean).join(' / ') || null,
    ),
    customer: {
      key:
        (await context.storedCustomerKey(fulfillment.order_id)) ??
        customerKeyOf({ customerId: null, email, orderId: fulfillment.order_id }),
      id: null,
      email,
      phone: nonEmpty(fulfillment.destination?.phone),
      firstName: nonEmpty(fulfillment.destination?.first_name),
      lastName: nonEmpty(fulfillment.destination?.last_name),
      locale: null,
      acceptsMarketing: null,
    },
    items: itemsOf(fulfillment.line_items ?? []),
    fulfilment: {
      status: nonEmpty(fulfillment.shipment_status ?? fulfillment.status),
      fulfilledAt: toInstant(fulfillment.created_at),
      deliveredAt: kind === 'delivered' ? occurredAt : null,
    },
  });
};

/**
 * Shopify webhook body → OrderEvent. `triggeredAt` is `X-Shopify-Triggered-At`, the event time
 * when the order carries no `updated_at`.
 */
export const normaliseShopifyWebhook = async (
  rawPayload: unknown,
  context: DeliveryContext,
  triggeredAt: string | null = null,
): Promise<Normalised> => {
  const { topic } = context;
  if (!isShopifyOrderTopic(topic)) return ignored(`topic ${topic} is not an order topic`);
  if (topic !== null && FULFILLMENT_TOPICS.has(topic)) return normaliseFulfillment(rawPayload, context);
  if (topic === 'orders/delete') {
    const { id } = parsePayload(ShopifyOrderDeletedSchema, rawPayload, 'Shopify order deletion');
    return orderOnlyEvent(context, 'cancelled', {
      id,
      customerKey: await context.storedCustomerKey(id),
      occurredAt: toInstant(triggeredAt) ?? context.receivedAt.toISOString(),
    });
  }
  return normaliseOrder(parsePayload(ShopifyOrderSchema, rawPayload, 'Shopify order'), context, toInstant(triggeredAt));
};
