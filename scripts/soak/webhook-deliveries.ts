import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, stringify } from 'lossless-json';

/** One signed webhook delivery as the platform sends it (and sends again, byte for byte, when it retries). */
export interface Delivery {
  readonly tenantId: string;
  readonly orderId: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface SoakTenant {
  readonly id: string;
  readonly platform: 'shopify' | 'woocommerce';
  readonly secret: string;
  readonly shopDomain?: string;
}

export const SOAK_TENANTS: readonly SoakTenant[] = [
  { id: 'soak-shopify', platform: 'shopify', secret: 'shpss_soak_secret', shopDomain: 'jsmith.myshopify.com' },
  { id: 'soak-woo', platform: 'woocommerce', secret: 'wc_soak_secret' },
];

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/webhooks');

type Json = Record<string, unknown>;
const fixture = (name: string): Json => parse(readFileSync(resolve(FIXTURES, name), 'utf8')) as Json;

const hmac = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('base64');

/**
 * Real fixture payloads (../shared/fixtures/webhooks), each made a new order of a new customer
 * (so no contact budget holds an ask back), signed as the platform signs: Shopify's
 * `orders/fulfilled` and WooCommerce's completed `order.updated`, alternately.
 */
export const deliveryFactory = (runId: string) => {
  const shopify = fixture('shopify_order_paid_fulfilled.order-resource.json');
  const woo = fixture('woocommerce_order_updated_completed_payload.wc-v3.json');
  return (index: number): Delivery => {
    const email = `soak-${runId}-${index}@example.com`;
    if (index % 2 === 0) {
      const tenant = SOAK_TENANTS[0] as SoakTenant;
      const orderId = String(9_000_000_000 + index);
      const order = {
        ...shopify,
        id: orderId,
        order_number: index + 1000,
        name: `#S${index}`,
        email,
        contact_email: email,
        customer: { ...(shopify.customer as Json), id: 8_000_000_000 + index, email },
      };
      const body = Buffer.from(stringify(order) ?? '{}');
      return {
        tenantId: tenant.id,
        orderId,
        path: `/webhooks/shopify/${tenant.id}`,
        body,
        headers: {
          'content-type': 'application/json',
          'X-Shopify-Topic': 'orders/fulfilled',
          'X-Shopify-Hmac-Sha256': hmac(tenant.secret, body),
          'X-Shopify-Event-Id': `soak-${runId}-${index}`,
          'X-Shopify-Shop-Domain': tenant.shopDomain ?? '',
        },
      };
    }
    const tenant = SOAK_TENANTS[1] as SoakTenant;
    const orderId = String(500_000 + index);
    const order = { ...woo, id: Number(orderId), number: orderId, customer_id: 700_000 + index, billing: { ...(woo.billing as Json), email } };
    const body = Buffer.from(stringify(order) ?? '{}');
    return {
      tenantId: tenant.id,
      orderId,
      path: `/webhooks/woocommerce/${tenant.id}`,
      body,
      headers: {
        'content-type': 'application/json',
        'X-WC-Webhook-Topic': 'order.updated',
        'X-WC-Webhook-Signature': hmac(tenant.secret, body),
        'X-WC-Webhook-Delivery-ID': `${runId}-${index}`,
      },
    };
  };
};
