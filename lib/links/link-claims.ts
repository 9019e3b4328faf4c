/**
 * What a customer link (`/f/` feedback, `/u/` unsubscribe, `/c/` consent, `/go/` review redirect)
 * stands for: the purpose, the tenant, the order, the customer and the address it was sent to, and
 * when it stops working. Held by afterglow behind an opaque handle, never carried in the URL.
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
    /** For an expired link: what the genuine link said (to name the shop on the page). */
    readonly expiredClaims: LinkClaims | null = null,
  ) {
    super(message);
  }
}

/** The claims of a link for `purpose` that has not expired at `now`; otherwise the InvalidLinkError saying why. */
export const checkClaims = (claims: LinkClaims, purpose: LinkPurpose, now: Date): LinkClaims => {
  if (claims.purpose !== purpose) throw new InvalidLinkError('wrong_purpose', 'this link is for something else');
  if (claims.expiresAt && now.getTime() > claims.expiresAt.getTime()) throw new InvalidLinkError('expired', 'this link has expired', claims);
  return claims;
};
