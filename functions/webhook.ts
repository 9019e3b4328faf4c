import { rawBodyOf } from '../events/http-api-event.ts';
import { webhookHandler } from '../lib/http/webhook-handler.ts';
import { receiveOrderWebhook } from '../lib/intake/receive-order-webhook.ts';

/** `POST /webhooks/{platform}/{tenantId}` and Shopify's app-level `POST /webhooks/shopify`. */
export const handler = webhookHandler((event, context) => {
  const appLevel = event.routeKey === 'POST /webhooks/shopify';
  return receiveOrderWebhook(
    {
      platform: appLevel ? 'shopify' : (event.pathParameters?.platform ?? ''),
      tenantId: appLevel ? null : (event.pathParameters?.tenantId ?? ''),
      headers: event.headers ?? {},
      body: rawBodyOf(event),
    },
    context,
  );
});
