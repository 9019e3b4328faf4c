import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed links in messages (`/f/{token}` feedback, `/u/{token}` unsubscribe, `/c/{token}` consent,
 * `/go/{token}` review redirect). A token binds what the link is for, the tenant, the order, the
 * customer and the address it was sent to, and may expire. It is a compact JSON array in base64url
 * and a truncated HMAC-SHA256 of it (128 bits), so it fits an SMS and cannot be altered.
 */

export const LINK_PURPOSES = ['feedback', 'unsubscribe', 'consent', 'go'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface LinkClaims {
  readonly purpose: LinkPurpose;
  readonly tenantId: string;
  readonly orderId: string | null;
  readonly customerKey: string;
  /** The ask the link was sent with, where there is one. */
  readonly outreachId: string | null;
  /** The channel and address the message went to (what an unsubscribe link unsubscribes). */
  readonly channel: 'email' | 'sms' | null;
  readonly address: string | null;
  /** Free use per purpose: the review destination of a `go` link, a feedback id for `consent`. */
  readonly subject: string | null;
  readonly expiresAt: Date | null;
}

export type LinkTokenProblem = 'malformed' | 'tampered' | 'expired' | 'wrong_purpose';

export class InvalidLinkError extends Error {
  override readonly name = 'InvalidLinkError';
  constructor(
    readonly problem: LinkTokenProblem,
    message: string,
    /** For an expired link: what the genuine token said (to name the shop on the page). */
    readonly expiredClaims: LinkClaims | null = null,
  ) {
    super(message);
  }
}

const FORMAT = 1;
const MAC_BYTES = 16;

const mac = (body: string, key: string) => createHmac('sha256', key).update(body, 'utf8').digest().subarray(0, MAC_BYTES);

export const signLink = (claims: LinkClaims, key: string): string => {
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

/** The claims of a genuine, unexpired token for `purpose`; otherwise an InvalidLinkError saying which problem. */
export const verifyLink = (token: string, purpose: LinkPurpose, key: string, now: Date): LinkClaims => {
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length > 0) throw new InvalidLinkError('malformed', 'this link is incomplete');
  const expected = mac(body, key);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidLinkError('tampered', 'this link has been changed or was not made by us');
  }
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidLinkError('malformed', 'this link cannot be read');
  }
  if (!Array.isArray(fields) || fields[0] !== FORMAT) throw new InvalidLinkError('malformed', 'this link cannot be read');
  const [, purposeIndex, tenantId, orderId, customerKey, outreachId, channel, address, subject, expires] = fields as unknown[];
  if (LINK_PURPOSES[purposeIndex as number] !== purpose) throw new InvalidLinkError('wrong_purpose', 'this link is for something else');
  const expiresAt = typeof expires === 'number' ? new Date(expires * 1000) : null;
  if (!text(tenantId) || !text(customerKey)) throw new InvalidLinkError('malformed', 'this link cannot be read');
  const claims: LinkClaims = {
    purpose,
    tenantId: tenantId as string,
    orderId: text(orderId),
    customerKey: customerKey as string,
    outreachId: text(outreachId),
    channel: channel === 'email' || channel === 'sms' ? channel : null,
    address: text(address),
    subject: text(subject),
    expiresAt,
  };
  if (expiresAt && now.getTime() > expiresAt.getTime()) throw new InvalidLinkError('expired', 'this link has expired', claims);
  return claims;
};
