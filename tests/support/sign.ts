import { createHmac } from 'node:crypto';
import { standardWebhooksKey } from '../../lib/platforms/bigcommerce/verify.ts';

/** How each platform signs a delivery, written from its documentation, for tests to play the platform. */
export const hmacBase64 = (secret: string | Buffer, body: string | Buffer): string =>
  createHmac('sha256', secret).update(body).digest('base64');

export const shopifyHeaders = (
  body: string | Buffer,
  secret: string,
  options: { topic?: string; eventId?: string; shopDomain?: string; prefix?: boolean } = {},
): Record<string, string> => {
  const x = options.prefix === false ? '' : 'X-';
  return {
    'content-type': 'application/json',
    [`${x}Shopify-Hmac-Sha256`]: hmacBase64(secret, body),
    [`${x}Shopify-Topic`]: options.topic ?? 'orders/updated',
    [`${x}Shopify-Event-Id`]: options.eventId ?? `ev-${Math.random().toString(36).slice(2)}`,
    ...(options.shopDomain ? { [`${x}Shopify-Shop-Domain`]: options.shopDomain } : {}),
  };
};

export const wooCommerceHeaders = (
  body: string | Buffer,
  secret: string,
  options: { topic?: string; deliveryId?: string } = {},
): Record<string, string> => ({
  'content-type': 'application/json',
  'X-WC-Webhook-Signature': hmacBase64(secret, body),
  'X-WC-Webhook-Topic': options.topic ?? 'order.updated',
  'X-WC-Webhook-Delivery-ID': options.deliveryId ?? String(Math.floor(Math.random() * 1e9)),
});

export const standardWebhookHeaders = (
  body: string | Buffer,
  secret: string,
  options: { id?: string; timestamp?: number } = {},
): Record<string, string> => {
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(body)]);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${hmacBase64(standardWebhooksKey(secret), signed)}`,
  };
};

/**
 * Twilio's `X-Twilio-Signature`, as its security documentation describes it: the full URL Twilio
 * requested, then every POST parameter sorted by name, each name immediately followed by its
 * value; HMAC-SHA1 keyed with the account's auth token; base64.
 */
export const twilioSignature = (authToken: string, url: string, params: Record<string, string>): string =>
  createHmac('sha1', authToken)
    .update(
      Object.keys(params)
        .sort()
        .reduce((data, name) => data + name + params[name], url),
    )
    .digest('base64');

/**
 * Zendesk's webhook signature, as "Verifying webhook authenticity" describes it: base64 of
 * HMAC-SHA256 keyed with the webhook's signing secret over the timestamp header's value followed
 * by the raw body; the timestamp in ISO 8601 without fractions, as Zendesk sends it.
 */
export const zendeskWebhookHeaders = (body: string | Buffer, secret: string, at: Date = new Date()): Record<string, string> => {
  const timestamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'content-type': 'application/json',
    'X-Zendesk-Webhook-Signature': createHmac('sha256', secret).update(timestamp).update(body).digest('base64'),
    'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
  };
};

/** HTTP Basic credentials, as a platform that puts them in the subscription URL (Trustpilot) sends them. */
export const basicAuthorization = (username: string, password: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
});
