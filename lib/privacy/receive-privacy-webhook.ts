import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { InvalidPayloadError } from '../errors.ts';
import { firstHeader } from '../http/headers.ts';
import { deliveryIdOf, type OrderWebhookRequest } from '../intake/order-webhook-platforms.ts';
import { MAX_WEBHOOK_BODY_BYTES, type WebhookReply } from '../intake/receive-order-webhook.ts';
import { parseJsonLosslessly } from '../json/parse-json-losslessly.ts';
import type { Logger } from '../logger.ts';
import { normaliseEmail } from '../platforms/normalise-helpers.ts';
import { parsePayload } from '../platforms/parse-payload.ts';
import { SHOP_MISMATCH_STATUS, shopDisagreement } from '../platforms/shopify/shop-agreement.ts';
import { verifyShopifyWebhook } from '../platforms/shopify/verify.ts';
import type { Database, SqlExecutor } from '../store/database.ts';
import type { CustomerToErase, ErasureRepository, ErasureSummary } from '../store/erasure-repository.ts';
import { normaliseAddress } from '../store/suppression-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { acceptedWebhookSecrets } from '../tenants/tenant.ts';
import { gatherCustomerData } from './customer-data.ts';
import { eraseCustomer, eraseShop } from './erase-customer.ts';

/**
 * Shopify's mandatory privacy webhooks, verified like every Shopify webhook (HMAC of the raw body
 * with the shop's secret; 401 and nothing done when it does not hold):
 * - `customers/redact`: erase the customer everywhere (see eraseCustomer), tombstoned;
 * - `customers/data_request`: gather what afterglow holds about them for the merchant to fetch
 *   (`GET /api/privacy/requests/{id}/data`), and log the request;
 * - `shop/redact`: erase the shop, tombstoned.
 * Each is done at once, in one transaction with its entry in the privacy log, and answered 200;
 * a retried delivery does nothing twice.
 */
export const SHOPIFY_PRIVACY_TOPICS = ['customers/redact', 'customers/data_request', 'shop/redact'] as const;
export type ShopifyPrivacyTopic = (typeof SHOPIFY_PRIVACY_TOPICS)[number];

export const shopifyTopicOf = (headers: OrderWebhookRequest['headers']): string | null => firstHeader(headers, 'x-shopify-topic', 'shopify-topic');

export const isShopifyPrivacyTopic = (topic: string | null): topic is ShopifyPrivacyTopic =>
  (SHOPIFY_PRIVACY_TOPICS as readonly string[]).includes(topic ?? '');

// Shopify sends ids as JSON numbers; parsed losslessly they arrive as numbers or, past 2^53, text.
const IdSchema = z.union([z.string().min(1), z.number().int()]).transform(String);
const PrivacyCustomerSchema = z.object({ id: IdSchema.nullish(), email: z.string().nullish(), phone: z.string().nullish() });
const CustomersRedactSchema = z.object({ shop_domain: z.string().nullish(), customer: PrivacyCustomerSchema, orders_to_redact: z.array(IdSchema).nullish() });
const DataRequestSchema = z.object({
  shop_domain: z.string().nullish(),
  customer: PrivacyCustomerSchema,
  orders_requested: z.array(IdSchema).nullish(),
  data_request: z.object({ id: IdSchema }).nullish(),
});
const ShopRedactSchema = z.object({ shop_domain: z.string().nullish() });

export interface PrivacyWebhookDeps {
  readonly db: Database;
  readonly tenants: Pick<TenantRepository, 'findById' | 'findByShopDomain' | 'forgetCached'>;
  readonly erasures: ErasureRepository;
  readonly clock: () => Date;
  readonly logger: Logger;
}

export interface PrivacyDelivery extends OrderWebhookRequest {
  /** From the per-tenant route; null on the app-level endpoint (the shop domain names the tenant). */
  readonly tenantId: string | null;
}

/** Afterglow's customer keys and contact details for the person a request names. */
const customerToErase = (tenantId: string, customer: z.infer<typeof PrivacyCustomerSchema>, orderIds: readonly string[]): CustomerToErase => {
  const email = normaliseEmail(customer.email);
  return {
    tenantId,
    customerKeys: [...(customer.id ? [`c:${customer.id}`] : []), ...(email ? [`e:${email}`] : []), ...orderIds.map((id) => `o:${id}`)],
    orderIds,
    email,
    phone: customer.phone?.trim() ? normaliseAddress('sms', customer.phone) : null,
  };
};

/** Where the request stands in the privacy log: recorded now (go on), or recorded before (a retry: done). */
const logRequest = async (tx: SqlExecutor, entry: { tenantId: string; topic: string; deliveryKey: string; platformRequestId: string | null; at: Date }) => {
  const id = `pr_${randomUUID()}`;
  const rows = await tx.query(
    `INSERT INTO privacy_requests (id, tenant_id, topic, delivery_key, platform_request_id, received_at, summary)
     VALUES ($1, $2, $3, $4, $5, $6, '{}'::jsonb) ON CONFLICT (tenant_id, delivery_key) DO NOTHING RETURNING id`,
    [id, entry.tenantId, entry.topic, entry.deliveryKey, entry.platformRequestId, entry.at],
  );
  return rows.length > 0 ? id : null;
};

const finishRequest = (tx: SqlExecutor, id: string, summary: ErasureSummary) =>
  tx.query('UPDATE privacy_requests SET summary = $2::jsonb WHERE id = $1', [id, JSON.stringify(summary)]);

/** The shop the signed body names (`shop_domain`); null when it names none. */
const signedShopDomainOf = (payload: unknown): string | null => {
  const domain = (payload as { shop_domain?: unknown } | null)?.shop_domain;
  return typeof domain === 'string' && domain.trim() !== '' ? domain : null;
};

const reply = (status: number, body: Record<string, unknown>): WebhookReply => ({ status, body });

/** A shop already erased: its kept secrets still verify Shopify's retries, which are then done. */
const answerForErasedShop = async (delivery: PrivacyDelivery, deps: PrivacyWebhookDeps): Promise<WebhookReply | null> => {
  const domain = firstHeader(delivery.headers, 'x-shopify-shop-domain', 'shopify-shop-domain')?.toLowerCase() ?? null;
  const [erased] = await deps.db.query<{ webhook_secret: string; previous_webhook_secret: string | null; previous_webhook_secret_expires_at: Date | null }>(
    'SELECT webhook_secret, previous_webhook_secret, previous_webhook_secret_expires_at FROM erased_shops WHERE tenant_id = $1 OR shop_domain = $2 ORDER BY erased_at DESC LIMIT 1',
    [delivery.tenantId, domain],
  );
  if (!erased) return null;
  const secrets = acceptedWebhookSecrets(
    {
      webhookSecret: erased.webhook_secret,
      previousWebhookSecret: erased.previous_webhook_secret,
      previousWebhookSecretExpiresAt: erased.previous_webhook_secret_expires_at && new Date(erased.previous_webhook_secret_expires_at),
    },
    deps.clock(),
  );
  if (!verifyShopifyWebhook({ rawBody: delivery.body, headers: delivery.headers, secrets })) {
    return reply(401, { error: 'X-Shopify-Hmac-Sha256 is missing or does not match' });
  }
  return reply(200, { status: 'erased', detail: 'this shop was erased; nothing is kept about it or its customers' });
};

export const receiveShopifyPrivacyWebhook = async (delivery: PrivacyDelivery, deps: PrivacyWebhookDeps): Promise<WebhookReply> => {
  const topic = shopifyTopicOf(delivery.headers);
  if (!isShopifyPrivacyTopic(topic)) return reply(200, { status: 'ignored', reason: `topic ${topic} is not a privacy topic` });
  const domain = firstHeader(delivery.headers, 'x-shopify-shop-domain', 'shopify-shop-domain');
  const tenant = delivery.tenantId !== null ? await deps.tenants.findById(delivery.tenantId) : domain ? await deps.tenants.findByShopDomain(domain) : null;
  if (!tenant || tenant.platform !== 'shopify') {
    return (await answerForErasedShop(delivery, deps)) ?? reply(404, { error: `no shopify tenant ${delivery.tenantId ?? 'for this shop domain'}` });
  }
  if (delivery.body.length > MAX_WEBHOOK_BODY_BYTES) return reply(413, { error: `body over ${MAX_WEBHOOK_BODY_BYTES} bytes` });
  if (!verifyShopifyWebhook({ rawBody: delivery.body, headers: delivery.headers, secrets: acceptedWebhookSecrets(tenant, deps.clock()) })) {
    return reply(401, { error: 'X-Shopify-Hmac-Sha256 is missing or does not match' });
  }
  let payload: unknown;
  try {
    payload = parseJsonLosslessly(delivery.body.toString('utf8'));
  } catch (error) {
    return reply(400, { error: (error as Error).message });
  }
  const refusal = shopDisagreement({
    signedShop: signedShopDomainOf(payload),
    headers: delivery.headers,
    tenantShopDomain: tenant.shopDomain,
    requireSignedShop: delivery.tenantId === null,
  });
  if (refusal) {
    deps.logger.warn('privacy webhook refused: the signed shop and the delivery disagree', { tenantId: tenant.id, topic });
    return reply(SHOP_MISMATCH_STATUS, { error: refusal });
  }
  const at = deps.clock();
  const deliveryKey = `${topic}:${deliveryIdOf(delivery, 'x-shopify-webhook-id', 'shopify-webhook-id', 'x-shopify-event-id', 'shopify-event-id')}`;
  const log = deps.logger.child({ tenantId: tenant.id, topic, deliveryKey });
  try {
    if (topic === 'shop/redact') {
      parsePayload(ShopRedactSchema, payload, 'shop/redact payload');
      const outcome = await deps.db.transaction(async (tx) => {
        const requestId = await logRequest(tx, { tenantId: tenant.id, topic, deliveryKey, platformRequestId: null, at });
        const summary = await eraseShop(tx, deps.erasures, tenant.id, at);
        if (requestId) await finishRequest(tx, requestId, summary);
        return { requestId, summary };
      });
      // This process forgets it at once; others within their cache's few seconds (nothing is left to find).
      deps.tenants.forgetCached?.();
      log.info('shop erased', { summary: outcome.summary });
      return reply(200, { status: 'erased', requestId: outcome.requestId });
    }
    if (topic === 'customers/redact') {
      const request = parsePayload(CustomersRedactSchema, payload, 'customers/redact payload');
      const customer = customerToErase(tenant.id, request.customer, request.orders_to_redact ?? []);
      const outcome = await deps.db.transaction(async (tx) => {
        const requestId = await logRequest(tx, { tenantId: tenant.id, topic, deliveryKey, platformRequestId: null, at });
        // Erasing again is harmless and catches anything that arrived since: a retry erases too.
        const summary = await eraseCustomer(tx, deps.erasures, customer, at);
        if (requestId) await finishRequest(tx, requestId, summary);
        return { requestId, summary };
      });
      log.info('customer erased', { requestId: outcome.requestId, summary: outcome.summary });
      return reply(200, { status: 'erased', requestId: outcome.requestId });
    }
    const request = parsePayload(DataRequestSchema, payload, 'customers/data_request payload');
    const customer = customerToErase(tenant.id, request.customer, request.orders_requested ?? []);
    const outcome = await deps.db.transaction(async (tx) => {
      const requestId = await logRequest(tx, { tenantId: tenant.id, topic, deliveryKey, platformRequestId: request.data_request?.id ?? null, at });
      if (!requestId) return null;
      const gathered = await gatherCustomerData(tx, deps.erasures, customer);
      await tx.query('INSERT INTO customer_data_exports (request_id, tenant_id, customer_keys, data) VALUES ($1, $2, $3, $4::jsonb)', [
        requestId,
        tenant.id,
        gathered.customerKeys,
        JSON.stringify({ ...gathered.data, requestId, shopifyDataRequestId: request.data_request?.id ?? null, gatheredAt: at.toISOString() }),
      ]);
      await finishRequest(tx, requestId, gathered.counts);
      return { requestId, counts: gathered.counts };
    });
    if (!outcome) return reply(200, { status: 'duplicate' });
    log.info('customer data request recorded: the data is ready for the merchant at GET /api/privacy/requests/{id}/data', {
      requestId: outcome.requestId,
      shopifyDataRequestId: request.data_request?.id ?? null,
      counts: outcome.counts,
    });
    return reply(200, { status: 'recorded', requestId: outcome.requestId });
  } catch (error) {
    if (error instanceof InvalidPayloadError) return reply(400, { error: error.message });
    throw error;
  }
};
