import { firstHeader, type Headers } from '../../http/headers.ts';
import { verifyBodyHmac } from '../hmac.ts';

/**
 * WooCommerce signs base64(HMAC-SHA256(secret, raw body)) in `X-WC-Webhook-Signature`.
 * An empty secret is legitimate (WooCommerce's own test vector signs with one).
 */
export const verifyWooCommerceWebhook = (input: {
  rawBody: Buffer;
  headers: Headers;
  secrets: readonly (string | null | undefined)[];
}): boolean =>
  verifyBodyHmac({
    rawBody: input.rawBody,
    signature: firstHeader(input.headers, 'x-wc-webhook-signature'),
    secrets: input.secrets,
  });

/** The unsigned form-encoded ping WooCommerce sends when a webhook is created (`webhook_id=12`). */
export const isWooCommerceCreationPing = (rawBody: Buffer): boolean =>
  rawBody.length < 64 && /^webhook_id=\d+$/.test(rawBody.toString('latin1').trim());
