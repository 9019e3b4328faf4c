import { createHmac, timingSafeEqual } from 'node:crypto';
import { checkClaims, InvalidLinkError, LINK_PURPOSES, type LinkClaims, type LinkPurpose } from './link-claims.ts';

/**
 * The links afterglow sent before opaque handles: a compact JSON array of the claims in base64url
 * and a truncated HMAC-SHA256 of it (128 bits), `body.mac`. No longer minted — they carried the
 * customer's address readable in the URL — but the links already in mailboxes keep working as long
 * as README promised when they were sent: unsubscribe and withdrawal links forever, feedback and
 * review links until their own expiry (which the token carries).
 *
 * Exactly one spelling verifies: each part must be canonical base64url (no padding, no spare bits
 * set, nothing appended), so re-encoding the decoded bytes gives back the input; the MAC is compared
 * in constant time over the exact bytes.
 */

const FORMAT = 1;
const MAC_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const mac = (body: string, key: string) => createHmac('sha256', key).update(body, 'utf8').digest().subarray(0, MAC_BYTES);

/** The bytes of a canonical base64url text, or null for any other spelling. */
const canonicalBytes = (text: string): Buffer | null => {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
};

/** A legacy token, as afterglow minted them (kept so tests can play links already sent). */
export const signLegacyLink = (claims: LinkClaims, key: string): string => {
  const body = Buffer.from(
    JSON.stringify([
      FORMAT,
      LINK_PURPOSES.indexOf(claims.purpose),
      claims.tenantId,
      claims.orderId,
      claims.customerKey,
      claims.outreachId,
      claims.channel,
      claims.address,
      claims.subject,
      claims.expiresAt ? Math.floor(claims.expiresAt.getTime() / 1000) : null,
    ]),
    'utf8',
  ).toString('base64url');
  return `${body}.${mac(body, key).toString('base64url')}`;
};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** True when a token has the legacy shape (`body.mac`): handles never contain a dot. */
export const isLegacyLinkToken = (token: string): boolean => token.includes('.');

/** The claims of a genuine legacy token for `purpose`, unexpired; otherwise an InvalidLinkError saying which problem. */
export const verifyLegacyLink = (token: string, purpose: LinkPurpose, key: string, now: Date): LinkClaims => {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new InvalidLinkError('malformed', 'this link is incomplete');
  const [body, signature] = parts as [string, string];
  const bodyBytes = canonicalBytes(body);
  const given = canonicalBytes(signature);
  const expected = mac(body, key);
  // Compared over the exact bytes, in constant time, whatever the spelling; a non-canonical one is refused after.
  const matches = given !== null && given.length === expected.length && timingSafeEqual(given, expected);
  if (!matches || bodyBytes === null) throw new InvalidLinkError('tampered', 'this link has been changed or was not made by us');
  let fields: unknown;
  try {
    fields = JSON.parse(bodyBytes.toString('utf8'));
  } catch {
    throw new InvalidLinkError('malformed', 'this link cannot be read');
  }
  if (!Array.isArray(fields) || fields[0] !== FORMAT) throw new InvalidLinkError('malformed', 'this link cannot be read');
  const [, purposeIndex, tenantId, orderId, customerKey, outreachId, channel, address, subject, expires] = fields as unknown[];
  const tokenPurpose = LINK_PURPOSES[purposeIndex as number];
  if (!tokenPurpose) throw new InvalidLinkError('malformed', 'this link cannot be read');
  if (!text(tenantId) || !text(customerKey)) throw new InvalidLinkError('malformed', 'this link cannot be read');
  return checkClaims(
    {
      purpose: tokenPurpose,
      tenantId: tenantId as string,
      orderId: text(orderId),
      customerKey: customerKey as string,
      outreachId: text(outreachId),
      channel: channel === 'email' || channel === 'sms' ? channel : null,
      address: text(address),
      subject: text(subject),
      expiresAt: typeof expires === 'number' ? new Date(expires * 1000) : null,
    },
    purpose,
    now,
  );
};
