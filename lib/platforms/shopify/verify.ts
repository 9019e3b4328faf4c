import { firstHeader, type Headers } from '../../http/headers.ts';
import { verifyBodyHmac } from '../hmac.ts';

/**
 * Shopify signs base64(HMAC-SHA256(app secret, raw body)) in `X-Shopify-Hmac-Sha256`; newer
 * deliveries drop the `X-` prefix. During a secret rotation both the current and the previous
 * secret verify, so no delivery is refused while the merchant switches.
 */
export const verifyShopifyWebhook = (input: {
  rawBody: Buffer;
  headers: Headers;
  secrets: readonly (string | null | undefined)[];
}): boolean =>
  verifyBodyHmac({
    rawBody: input.rawBody,
    signature: firstHeader(input.headers, 'x-shopify-hmac-sha256', 'shopify-hmac-sha256'),
    secrets: input.secrets,
  });
