import { createHmac, timingSafeEqual } from 'node:crypto';

export const hmacSha256Base64 = (key: string | Buffer, message: Buffer | string): string =>
  createHmac('sha256', key).update(message).digest('base64');

/**
 * Constant-time comparison of two signatures as text. Unequal lengths still cost one full
 * comparison, so the time taken says nothing about how much of a forgery matched.
 */
export const signaturesMatch = (expected: string, received: string): boolean => {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
};

/**
 * Verifies a base64 HMAC-SHA256 of the raw body against every secret that is set (rotation: the
 * current and the previous one), trying all of them so the answer's timing does not tell which.
 */
export const verifyBodyHmac = (input: {
  rawBody: Buffer;
  signature: string | null;
  secrets: readonly (string | null | undefined)[];
}): boolean => {
  if (!input.signature) return false;
  let matched = false;
  for (const secret of input.secrets) {
    if (secret === null || secret === undefined) continue;
    if (signaturesMatch(hmacSha256Base64(secret, input.rawBody), input.signature)) matched = true;
  }
  return matched;
};
