import { createHash } from 'node:crypto';
import type { Platform } from '../../events/order-event.ts';
import { firstHeader, type Headers } from '../http/headers.ts';
import { parseJsonLosslessly } from '../json/parse-json-losslessly.ts';
import {
  isBigCommerceOrderScope,
  normaliseBigCommerceWebhook,
  readBigCommerceWebhook,
} from '../platforms/bigcommerce/normalise.ts';
import type { BigCommerceOrdersApi } from '../platforms/bigcommerce/orders-api.ts';
import { verifyStandardWebhook } from '../platforms/bigcommerce/verify.ts';
import type { DeliveryContext, Normalised } from '../platforms/order-event-builder.ts';
import { isShopifyOrderTopic, normaliseShopifyWebhook } from '../platforms/shopify/normalise.ts';
import { SHOP_MISMATCH_STATUS, shopDisagreement, shopNamedByOrder } from '../platforms/shopify/shop-agreement.ts';
import { verifyShopifyWebhook } from '../platforms/shopify/verify.ts';
import { isWooCommerceOrderTopic, normaliseWooCommerceWebhook } from '../platforms/woocommerce/normalise.ts';
import { isWooCommerceCreationPing, verifyWooCommerceWebhook } from '../platforms/woocommerce/verify.ts';
import { acceptedWebhookSecrets, type Tenant } from '../tenants/tenant.ts';

export interface OrderWebhookRequest {
  readonly headers: Headers;
  readonly body: Buffer;
}

/** A delivery that passed verification and parsing; `normalise` may still need an upstream. */
export type PreparedDelivery =
  | { readonly outcome: 'ignored'; readonly reason: string }
  /** Signed, but not to be acted on as delivered (the signed shop is not the tenant's): a 4xx, nothing done. */
  | { readonly outcome: 'refused'; readonly status: number; readonly reason: string }
  | {
      readonly outcome: 'deliver';
      readonly topic: string | null;
      readonly deliveryId: string;
      readonly normalise: (context: DeliveryContext) => Promise<Normalised>;
    };

export interface OrderWebhookPlatform {
  /**
   * Whether the platform delivers again after a 5xx or a timeout: Shopify (up to 8 times over 4
   * hours) and BigCommerce do; WooCommerce does not, and disables the webhook after a few failures.
   */
  readonly retriesFailedDeliveries: boolean;
  /** Requests that are answered 200 before any signature check (WooCommerce's creation ping). */
  isPing(request: OrderWebhookRequest): boolean;
  /** null when the signature holds, else the reason for the 401. */
  verify(request: OrderWebhookRequest, tenant: Tenant, now: Date): string | null;
  /** Parses the body (InvalidPayloadError → 400) and names the delivery. */
  prepare(request: OrderWebhookRequest, tenant: Tenant): Promise<PreparedDelivery>;
}

const bodyText = (request: OrderWebhookRequest) => request.body.toString('utf8');
const MAX_DELIVERY_ID_LENGTH = 200;
/** A platform that sends no delivery id still retries the same bytes: their hash is the id. */
export const deliveryIdOf = (request: OrderWebhookRequest, ...headerNames: string[]): string => {
  const named = firstHeader(request.headers, ...headerNames);
  if (named === null) return `sha256:${createHash('sha256').update(request.body).digest('hex')}`;
  // Ids are keys of an index: one longer than any platform sends is kept as its hash (the same for every retry).
  return named.length <= MAX_DELIVERY_ID_LENGTH ? named : `sha256:${createHash('sha256').update(named).digest('hex')}`;
};
const secretsOf = (tenant: Tenant, now: Date) => acceptedWebhookSecrets(tenant, now);

const shopify: OrderWebhookPlatform = {
  retriesFailedDeliveries: true,
  isPing: () => false,
  verify: (request, tenant, now) =>
    verifyShopifyWebhook({ rawBody: request.body, headers: request.headers, secrets: secretsOf(tenant, now) })
      ? null
      : 'X-Shopify-Hmac-Sha256 is missing or does not match',
  async prepare(request, tenant) {
    const topic = firstHeader(request.headers, 'x-shopify-topic', 'shopify-topic');
    if (!isShopifyOrderTopic(topic)) return { outcome: 'ignored', reason: `topic ${topic} is not an order topic` };
    const payload = parseJsonLosslessly(bodyText(request));
    const refusal = shopDisagreement({ signedShop: shopNamedByOrder(payload), headers: request.headers, tenantShopDomain: tenant.shopDomain });
    if (refusal) return { outcome: 'refused', status: SHOP_MISMATCH_STATUS, reason: refusal };
    const triggeredAt = firstHeader(request.headers, 'x-shopify-triggered-at', 'shopify-triggered-at');
    return {
      outcome: 'deliver',
      topic,
      // DESIGN: X-Shopify-Event-Id, else X-Shopify-Webhook-Id, with or without the X- prefix.
      deliveryId: deliveryIdOf(request, 'x-shopify-event-id', 'shopify-event-id', 'x-shopify-webhook-id', 'shopify-webhook-id'),
      normalise: (context) => normaliseShopifyWebhook(payload, context, triggeredAt),
    };
  },
};

const woocommerce: OrderWebhookPlatform = {
  retriesFailedDeliveries: false,
  isPing: (request) => isWooCommerceCreationPing(request.body),
  verify: (request, tenant, now) =>
    verifyWooCommerceWebhook({ rawBody: request.body, headers: request.headers, secrets: secretsOf(tenant, now) })
      ? null
      : 'X-WC-Webhook-Signature is missing or does not match',
  async prepare(request) {
    const topic = firstHeader(request.headers, 'x-wc-webhook-topic');
    if (!isWooCommerceOrderTopic(topic)) return { outcome: 'ignored', reason: `topic ${topic} is not an order topic` };
    const payload = parseJsonLosslessly(bodyText(request));
    return {
      outcome: 'deliver',
      topic,
      deliveryId: deliveryIdOf(request, 'x-wc-webhook-delivery-id'),
      normalise: (context) => normaliseWooCommerceWebhook(payload, context),
    };
  },
};

const bigcommerce = (ordersApi: BigCommerceOrdersApi): OrderWebhookPlatform => ({
  retriesFailedDeliveries: true,
  isPing: () => false,
  verify: (request, tenant, now) => {
    const verdict = verifyStandardWebhook({ rawBody: request.body, headers: request.headers, secrets: secretsOf(tenant, now), now });
    return verdict.ok ? null : verdict.reason;
  },
  async prepare(request, tenant) {
    const webhook = readBigCommerceWebhook(parseJsonLosslessly(bodyText(request)));
    if (!isBigCommerceOrderScope(webhook.scope)) {
      return { outcome: 'ignored', reason: `scope ${webhook.scope} is not an order lifecycle scope` };
    }
    const store = { apiUrl: tenant.apiUrl ?? '', apiToken: tenant.apiToken ?? '' };
    return {
      outcome: 'deliver',
      topic: webhook.scope,
      deliveryId: deliveryIdOf(request, 'webhook-id'),
      normalise: (context) => normaliseBigCommerceWebhook(webhook, context, ordersApi, store),
    };
  },
});

export const orderWebhookPlatforms = (deps: {
  bigCommerce: BigCommerceOrdersApi;
}): Readonly<Record<Platform, OrderWebhookPlatform>> => ({
  shopify,
  woocommerce,
  bigcommerce: bigcommerce(deps.bigCommerce),
});
