import { jsonResult, rawBodyOf, type HttpApiEvent, type HttpApiResult } from '../events/http-api-event.ts';
import { errorReply } from '../lib/http/error-reply.ts';
import { receiveOrderWebhook } from '../lib/intake/receive-order-webhook.ts';
import { isShopifyPrivacyTopic, receiveShopifyPrivacyWebhook, shopifyTopicOf } from '../lib/privacy/receive-privacy-webhook.ts';
import { appContext } from '../lib/runtime/app-context.ts';

/** `POST /webhooks/{platform}/{tenantId}` and Shopify's app-level `POST /webhooks/shopify` (orders, and the privacy topics). */
export const handler = async (event: HttpApiEvent): Promise<HttpApiResult> => {
  const context = await appContext();
  try {
    const appLevel = event.routeKey === 'POST /webhooks/shopify';
    const headers = event.headers ?? {};
    if ((appLevel || event.pathParameters?.platform === 'shopify') && isShopifyPrivacyTopic(shopifyTopicOf(headers))) {
      const privacy = await receiveShopifyPrivacyWebhook({ tenantId: appLevel ? null : (event.pathParameters?.tenantId ?? ''), headers, body: rawBodyOf(event) }, context);
      return jsonResult(privacy.status, privacy.body);
    }
    const reply = await receiveOrderWebhook(
      {
        platform: appLevel ? 'shopify' : (event.pathParameters?.platform ?? ''),
        tenantId: appLevel ? null : (event.pathParameters?.tenantId ?? ''),
        headers: event.headers ?? {},
        body: rawBodyOf(event),
      },
      context,
    );
    return jsonResult(reply.status, reply.body, reply.headers);
  } catch (error) {
    return errorReply(error, context.logger);
  }
};
