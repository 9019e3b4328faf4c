import { firstHeader, type Headers } from '../../http/headers.ts';
import { hmacSha256Base64, signaturesMatch } from '../hmac.ts';

export const STANDARD_WEBHOOKS_TOLERANCE_SECONDS = 5 * 60;

export type StandardWebhookVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string };

/**
 * The signing key of a Standard Webhooks secret. `whsec_<base64>` is the library form; BigCommerce
 * hands the library base64(client secret), so a bare client secret is its own key bytes.
 */
export const standardWebhooksKey = (secret: string): Buffer =>
  secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');

/**
 * Standard Webhooks (BigCommerce): `webhook-signature` holds space-separated `v1,<base64>` entries,
 * each HMAC-SHA256(key, `${id}.${timestamp}.${raw body}`); a timestamp more than five minutes
 * from `now` is refused, so a captured delivery cannot be replayed later. `now` is injected so the
 * published vectors verify at their own time.
 */
export const verifyStandardWebhook = (input: {
  rawBody: Buffer;
  headers: Headers;
  secrets: readonly (string | null | undefined)[];
  now: Date;
}): StandardWebhookVerdict => {
  const id = firstHeader(input.headers, 'webhook-id');
  const timestamp = firstHeader(input.headers, 'webhook-timestamp');
  const signatures = firstHeader(input.headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp is not a unix time' };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (skew > STANDARD_WEBHOOKS_TOLERANCE_SECONDS) {
    return { ok: false, reason: 'webhook-timestamp is outside the five-minute tolerance' };
  }
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), input.rawBody]);
  const received = signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice(3));
  let matched = false;
  for (const secret of input.secrets) {
    if (secret === null || secret === undefined) continue;
    const expected = hmacSha256Base64(standardWebhooksKey(secret), signed);
    for (const signature of received) if (signaturesMatch(expected, signature)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'no webhook-signature entry matches' };
};
