import { rawBodyOf } from '../events/http-api-event.ts';
import { webhookHandler } from '../lib/http/webhook-handler.ts';
import { receiveOrderWebhook } from '../lib/intake/receive-order-webhook.ts';
import { isShopifyPrivacyTopic, receiveShopifyPrivacyWebhook, shopifyTopicOf } from '../lib/privacy/receive-privacy-webhook.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';
// Publishes to Kafka (or reports its health): the Kafka event log goes into this function's bundle.
import '../lib/runtime/kafka-adapter.ts';

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
    context,
  );
}, { webhook: 'orders' }), { correlation: requestCorrelationId });
