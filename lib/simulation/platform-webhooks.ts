import { createHash } from 'node:crypto';
import type { Platform } from '../../events/order-event.ts';
import { hmacSha256Base64 } from '../platforms/hmac.ts';
import { standardWebhooksKey } from '../platforms/bigcommerce/verify.ts';
import { BigCommerceOrderProductsSchema, BigCommerceOrderSchema } from '../platforms/bigcommerce/payload.ts';
import type { BigCommerceOrdersApi } from '../platforms/bigcommerce/orders-api.ts';
import type { OrderStep, SimCustomer, SimOrder } from './population.ts';

/**
 * What each platform sends when an order changes, shaped like the real payloads in the shared
 * fixtures (Shopify's Order resource, WooCommerce's v3 order, BigCommerce's thin Standard
 * Webhooks body with the order served by its V2 API), signed as the platform signs them at the
 * virtual moment of sending.
 */
export interface SimulatedDelivery {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface SimulatedTenantSecrets {
  readonly tenantId: string;
  readonly webhookSecret: string;
  readonly shopDomain: string | null;
}

interface OrderState {
  readonly financial: 'pending' | 'paid' | 'refunded' | 'partially_refunded' | 'voided';
  readonly fulfilledAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly cancelled: { readonly at: Date; readonly by: 'merchant' | 'customer' } | null;
  readonly refund: { readonly at: Date; readonly amount: string; readonly full: boolean } | null;
  readonly updatedAt: Date;
}

const stateAfter = (order: SimOrder, step: OrderStep): OrderState => {
  let state: OrderState = { financial: 'pending', fulfilledAt: null, deliveredAt: null, cancelled: null, refund: null, updatedAt: step.at };
  for (const done of order.steps) {
    if (done.at > step.at) break;
    if (done.kind === 'paid') state = { ...state, financial: 'paid' };
    if (done.kind === 'fulfilled') state = { ...state, fulfilledAt: done.at };
    if (done.kind === 'delivered') state = { ...state, deliveredAt: done.at };
    if (done.kind === 'cancelled') state = { ...state, cancelled: { at: done.at, by: done.by }, financial: state.financial === 'paid' ? 'refunded' : 'voided' };
    if (done.kind === 'refunded') {
      state = { ...state, refund: { at: done.at, amount: done.amount, full: done.full }, financial: done.full ? 'refunded' : 'partially_refunded' };
    }
    state = { ...state, updatedAt: done.at };
  }
  return state;
};

/** Shopify writes times with an offset: 2026-01-05T10:00:00+00:00. */
const shopifyTime = (at: Date | null) => (at ? at.toISOString().replace(/\.\d{3}Z$/, '+00:00') : null);
/** WooCommerce's `*_gmt` fields: UTC without a zone. */
const wooTime = (at: Date | null) => (at ? at.toISOString().replace(/\.\d{3}Z$/, '') : null);
/** BigCommerce V2: RFC 2822. */
const bigCommerceTime = (at: Date | null) => (at ? at.toUTCString().replace('GMT', '+0000') : '');

const placedAtOf = (order: SimOrder) => (order.steps[0] as OrderStep).at;
const address = { address1: '12 Rue des Tilleuls', city: 'Lyon', zip: '69003', country: 'France', country_code: 'FR' };

const shopifyOrder = (customer: SimCustomer, order: SimOrder, state: OrderState) => {
  const quantity = 1;
  const price = (Number(order.total) - 4.95).toFixed(2);
  return {
    id: Number(order.id),
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    name: `#${order.number}`,
    order_number: order.number,
    number: order.number - 1000,
    email: customer.email,
    contact_email: customer.email,
    phone: null,
    currency: 'EUR',
    total_price: order.total,
    subtotal_price: price,
    financial_status: state.financial,
    fulfillment_status: state.fulfilledAt ? 'fulfilled' : null,
    cancelled_at: shopifyTime(state.cancelled?.at ?? null),
    // Shopify's reasons: customer, declined, fraud, inventory, staff, other.
    cancel_reason: state.cancelled ? (state.cancelled.by === 'customer' ? 'customer' : 'inventory') : null,
    created_at: shopifyTime(placedAtOf(order)),
    updated_at: shopifyTime(state.updatedAt),
    processed_at: shopifyTime(placedAtOf(order)),
    buyer_accepts_marketing: customer.acceptsMarketing,
    customer_locale: 'en',
    landing_site: '/',
    discount_codes: [],
    customer: {
      id: Number(customer.platformCustomerId),
      email: customer.email,
      first_name: customer.firstName,
      last_name: customer.lastName,
      phone: null,
      email_marketing_consent: { state: customer.acceptsMarketing ? 'subscribed' : 'not_subscribed', opt_in_level: 'single_opt_in', consent_updated_at: null },
      sms_marketing_consent: null,
      admin_graphql_api_id: `gid://shopify/Customer/${customer.platformCustomerId}`,
    },
    billing_address: { first_name: customer.firstName, last_name: customer.lastName, ...address },
    shipping_address: { first_name: customer.firstName, last_name: customer.lastName, ...address },
    line_items: [
      { id: Number(order.item.id), product_id: Number(order.item.productId), variant_id: Number(order.item.productId) + 1, sku: order.item.sku, title: order.item.title, name: order.item.title, quantity, price },
    ],
    fulfillments: state.fulfilledAt
      ? [
          {
            id: Number(order.id) + 1,
            order_id: Number(order.id),
            status: 'success',
            shipment_status: state.deliveredAt ? 'delivered' : 'in_transit',
            created_at: shopifyTime(state.fulfilledAt),
            updated_at: shopifyTime(state.deliveredAt ?? state.fulfilledAt),
          },
        ]
      : [],
    refunds: state.refund
      ? [
          {
            id: Number(order.id) + 2,
            created_at: shopifyTime(state.refund.at),
            refund_line_items: state.refund.full ? [{ line_item_id: Number(order.item.id), quantity }] : [],
            transactions: [{ kind: 'refund', status: 'success', amount: state.refund.amount }],
          },
        ]
      : [],
  };
};

const SHOPIFY_TOPIC: Readonly<Record<OrderStep['kind'], string>> = {
  placed: 'orders/create',
  paid: 'orders/paid',
  fulfilled: 'orders/fulfilled',
  delivered: 'orders/updated',
  cancelled: 'orders/cancelled',
  refunded: 'orders/updated',
};

const wooStatus = (state: OrderState): string => {
  if (state.cancelled) return 'cancelled';
  if (state.refund?.full) return 'refunded';
  if (state.deliveredAt) return 'completed';
  return state.financial === 'pending' ? 'pending' : 'processing';
};

const wooOrder = (customer: SimCustomer, order: SimOrder, state: OrderState) => ({
  id: Number(order.id),
  parent_id: 0,
  number: String(order.number),
  order_key: `wc_order_${createHash('sha1').update(order.id).digest('hex').slice(0, 13)}`,
  created_via: 'checkout',
  version: '9.4.0',
  status: wooStatus(state),
  currency: 'EUR',
  date_created_gmt: wooTime(placedAtOf(order)),
  date_modified_gmt: wooTime(state.updatedAt),
  date_paid_gmt: state.financial === 'pending' ? null : wooTime(order.steps[1]?.at ?? null),
  date_completed_gmt: wooTime(state.deliveredAt),
  discount_total: '0.00',
  shipping_total: '4.95',
  total: order.total,
  total_tax: '0.00',
  customer_id: Number(customer.platformCustomerId),
  billing: {
    first_name: customer.firstName,
    last_name: customer.lastName,
    company: '',
    address_1: address.address1,
    city: address.city,
    postcode: address.zip,
    country: address.country_code,
    email: customer.email,
    phone: '',
  },
  shipping: { first_name: customer.firstName, last_name: customer.lastName, address_1: address.address1, city: address.city, postcode: address.zip, country: address.country_code },
  payment_method: 'bacs',
  line_items: [
    { id: Number(order.item.id), name: order.item.title, product_id: Number(order.item.productId), variation_id: 0, quantity: 1, tax_class: '', subtotal: (Number(order.total) - 4.95).toFixed(2), total: (Number(order.total) - 4.95).toFixed(2), sku: order.item.sku, price: Number(order.total) - 4.95 },
  ],
  coupon_lines: [],
  refunds: state.refund ? [{ id: Number(order.id) + 2, reason: '', total: `-${state.refund.amount}` }] : [],
});

/** WooCommerce has no shipped status of its own: a fulfilment sends nothing. */
const wooTopicOf = (step: OrderStep): string | null => (step.kind === 'placed' ? 'order.created' : step.kind === 'fulfilled' ? null : 'order.updated');

const BIGCOMMERCE_STATUS: Readonly<Record<string, { id: number; name: string }>> = {
  pending: { id: 1, name: 'Pending' },
  awaiting: { id: 11, name: 'Awaiting Fulfillment' },
  shipped: { id: 2, name: 'Shipped' },
  completed: { id: 10, name: 'Completed' },
  cancelled: { id: 5, name: 'Cancelled' },
  refunded: { id: 4, name: 'Refunded' },
  partial: { id: 14, name: 'Partially Refunded' },
};

const bigCommerceStatus = (state: OrderState) => {
  if (state.cancelled) return BIGCOMMERCE_STATUS.cancelled;
  if (state.refund) return state.refund.full ? BIGCOMMERCE_STATUS.refunded : BIGCOMMERCE_STATUS.partial;
  if (state.deliveredAt) return BIGCOMMERCE_STATUS.completed;
  if (state.fulfilledAt) return BIGCOMMERCE_STATUS.shipped;
  return state.financial === 'pending' ? BIGCOMMERCE_STATUS.pending : BIGCOMMERCE_STATUS.awaiting;
};

const bigCommerceOrder = (customer: SimCustomer, order: SimOrder, state: OrderState) => {
  const status = bigCommerceStatus(state) as { id: number; name: string };
  return {
    id: Number(order.id),
    customer_id: Number(customer.platformCustomerId),
    date_created: bigCommerceTime(placedAtOf(order)),
    date_modified: bigCommerceTime(state.updatedAt),
    date_shipped: bigCommerceTime(state.fulfilledAt),
    status_id: status.id,
    status: status.name,
    subtotal_inc_tax: (Number(order.total) - 4.95).toFixed(4),
    total_inc_tax: Number(order.total).toFixed(4),
    refunded_amount: state.refund ? Number(state.refund.amount).toFixed(4) : '0.0000',
    currency_code: 'EUR',
    customer_locale: 'en',
    billing_address: {
      first_name: customer.firstName,
      last_name: customer.lastName,
      company: '',
      street_1: address.address1,
      city: address.city,
      zip: address.zip,
      country: address.country,
      country_iso2: address.country_code,
      phone: '',
      email: customer.email,
    },
  };
};

const bigCommerceProducts = (order: SimOrder, state: OrderState) => [
  {
    id: Number(order.item.id),
    order_id: Number(order.id),
    product_id: Number(order.item.productId),
    variant_id: Number(order.item.productId) + 1,
    name: order.item.title,
    sku: order.item.sku,
    quantity: 1,
    quantity_refunded: state.refund?.full ? 1 : 0,
    price_inc_tax: (Number(order.total) - 4.95).toFixed(4),
  },
];

/**
 * The store behind BigCommerce's V2 Orders API, as the context's `bigCommerce` client: each order
 * as it stands now (updated before its webhook is sent), read back through the same zod schemas the
 * HTTP client applies to the API's answers.
 */
export const createSimulatedBigCommerceStore = (): BigCommerceOrdersApi & { put(customer: SimCustomer, order: SimOrder, step: OrderStep): void } => {
  const orders = new Map<string, { order: unknown; products: unknown }>();
  return {
    put(customer, order, step) {
      const state = stateAfter(order, step);
      orders.set(order.id, { order: bigCommerceOrder(customer, order, state), products: bigCommerceProducts(order, state) });
    },
    async fetchOrder(_store, orderId) {
      const stored = orders.get(orderId);
      if (!stored) return { found: false };
      return { found: true, order: BigCommerceOrderSchema.parse(stored.order), products: BigCommerceOrderProductsSchema.parse(stored.products) };
    },
  };
};

/** The delivery a platform makes for one step of an order (null: the platform sends nothing for it). */
export const deliveryFor = (
  customer: SimCustomer,
  order: SimOrder,
  step: OrderStep,
  tenant: SimulatedTenantSecrets,
  now: Date,
): SimulatedDelivery | null => {
  const state = stateAfter(order, step);
  const deliveryId = `sim-${order.id}-${step.kind}-${step.at.getTime()}`;
  const platform: Platform = customer.platform;
  if (platform === 'shopify') {
    const body = JSON.stringify(shopifyOrder(customer, order, state));
    return {
      path: `/webhooks/shopify/${tenant.tenantId}`,
      body,
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': SHOPIFY_TOPIC[step.kind],
        'x-shopify-hmac-sha256': hmacSha256Base64(tenant.webhookSecret, body),
        'x-shopify-shop-domain': tenant.shopDomain ?? '',
        'x-shopify-api-version': '2026-07',
        'x-shopify-webhook-id': deliveryId,
        'x-shopify-event-id': deliveryId,
        'x-shopify-triggered-at': now.toISOString(),
      },
    };
  }
  if (platform === 'woocommerce') {
    const topic = wooTopicOf(step);
    if (!topic) return null;
    const body = JSON.stringify(wooOrder(customer, order, state));
    return {
      path: `/webhooks/woocommerce/${tenant.tenantId}`,
      body,
      headers: {
        'content-type': 'application/json',
        'x-wc-webhook-source': 'https://sim-woo.afterglow.test/',
        'x-wc-webhook-topic': topic,
        'x-wc-webhook-resource': 'order',
        'x-wc-webhook-event': topic.split('.')[1] ?? 'updated',
        'x-wc-webhook-signature': hmacSha256Base64(tenant.webhookSecret, body),
        'x-wc-webhook-id': '17',
        'x-wc-webhook-delivery-id': deliveryId,
      },
    };
  }
  const status = bigCommerceStatus(state) as { id: number };
  const scope = step.kind === 'placed' ? 'store/order/created' : step.kind === 'refunded' ? 'store/order/refund/created' : 'store/order/statusUpdated';
  const data =
    scope === 'store/order/refund/created'
      ? { type: 'order', id: Number(order.id), refund: { refund_id: Number(order.id) + 2 } }
      : scope === 'store/order/statusUpdated'
        ? { type: 'order', id: Number(order.id), status: { previous_status_id: 0, new_status_id: status.id } }
        : { type: 'order', id: Number(order.id) };
  const timestamp = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({
    scope,
    store_id: '1025646',
    data,
    hash: createHash('sha1').update(deliveryId).digest('hex'),
    created_at: Math.floor(step.at.getTime() / 1000),
    producer: 'stores/simhash',
  });
  const signed = Buffer.concat([Buffer.from(`${deliveryId}.${timestamp}.`), Buffer.from(body)]);
  return {
    path: `/webhooks/bigcommerce/${tenant.tenantId}`,
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': deliveryId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${hmacSha256Base64(standardWebhooksKey(tenant.webhookSecret), signed)}`,
    },
  };
};
