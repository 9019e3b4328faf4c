import { rawBodyOf } from '../events/http-api-event.ts';
import { webhookHandler } from '../lib/http/webhook-handler.ts';
import { orderWebhookPlatforms } from '../lib/intake/order-webhook-platforms.ts';
import { receiveOrderWebhook } from '../lib/intake/receive-order-webhook.ts';
import type { AppContext } from '../lib/runtime/app-context.ts';
import { isShopifyPrivacyTopic, receiveShopifyPrivacyWebhook, shopifyTopicOf } from '../lib/privacy/receive-privacy-webhook.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';
// Publishes to Kafka (or reports its health): the Kafka event log goes into this function's bundle.
import '../lib/runtime/kafka-adapter.ts';

/**
 * Each platform's signature check and payload mapping, composed here, in the one function that
 * reads order webhooks (the others' bundles leave them out): once per context.
 */
const platformsOf = new WeakMap<AppContext, ReturnType<typeof orderWebhookPlatforms>>();
const withPlatforms = (context: AppContext) => {
  let platforms = platformsOf.get(context);
  if (!platforms) {
    platforms = orderWebhookPlatforms({ bigCommerce: context.bigCommerce });
    platformsOf.set(context, platforms);
  }
  return { ...context, platforms };
};

/** `POST /webhooks/{platform}/{tenantId}` and Shopify's app-level `POST /webhooks/shopify` (orders, and the privacy topics). */
export const handler = observed('webhook', webhookHandler((event, context) => {
  const appLevel = event.routeKey === 'POST /webhooks/shopify';
  const headers = event.headers ?? {};
  const tenantId = appLevel ? null : (event.pathParameters?.tenantId ?? '');
  if ((appLevel || event.pathParameters?.platform === 'shopify') && isShopifyPrivacyTopic(shopifyTopicOf(headers))) {
    return receiveShopifyPrivacyWebhook({ tenantId, headers, body: rawBodyOf(event) }, context);
  }
  return receiveOrderWebhook(
    { platform: appLevel ? 'shopify' : (event.pathParameters?.platform ?? ''), tenantId, headers, body: rawBodyOf(event) },
    withPlatforms(context),
  );
}, { webhook: 'orders' }), { correlation: requestCorrelationId });
