import type { LinkHandleRepository } from '../store/link-handle-repository.ts';
import { isLegacyLinkToken, verifyLegacyLink } from './legacy-link-token.ts';
import { checkClaims, InvalidLinkError, type LinkClaims, type LinkPurpose } from './link-claims.ts';
import { isCanonicalLinkHandle } from './link-handle.ts';

/** Builds the public URLs of customer links (`PUBLIC_BASE_URL` + route + opaque handle). */
export interface LinkUrls {
  feedbackPage(claims: Omit<LinkClaims, 'purpose'>): Promise<string>;
  unsubscribe(claims: Omit<LinkClaims, 'purpose' | 'expiresAt'>): Promise<string>;
  consent(claims: Omit<LinkClaims, 'purpose'>): Promise<string>;
  reviewRedirect(claims: Omit<LinkClaims, 'purpose'>): Promise<string>;
}

/** Reads the token of a link that came back: a handle, or a legacy signed token still honoured. */
export interface LinkReader {
  /** The claims for `purpose`, unexpired at `now`; otherwise an InvalidLinkError saying why. */
  read(token: string, purpose: LinkPurpose, now: Date): Promise<LinkClaims>;
}

const ROUTES = { feedback: 'f', unsubscribe: 'u', consent: 'c', go: 'go' } as const;

export const createLinkUrls = (publicBaseUrl: string, handles: Pick<LinkHandleRepository, 'mint'>): LinkUrls => {
  const url = async (claims: LinkClaims) => `${publicBaseUrl}/${ROUTES[claims.purpose]}/${await handles.mint(claims)}`;
  return {
    feedbackPage: (claims) => url({ ...claims, purpose: 'feedback' }),
    // An unsubscribe link works for as long as the address could receive anything from us.
    unsubscribe: (claims) => url({ ...claims, purpose: 'unsubscribe', expiresAt: null }),
    consent: (claims) => url({ ...claims, purpose: 'consent' }),
    reviewRedirect: (claims) => url({ ...claims, purpose: 'go' }),
  };
};

/**
 * Handles are looked up exactly as spelled (only the canonical spelling is ever looked up); a
 * token with a dot is a link sent before handles and is verified by its signature, one spelling
 * only, until its own expiry (never, for unsubscribe and withdrawal links).
 */
export const createLinkReader = (handles: Pick<LinkHandleRepository, 'find'>, legacySigningKey: string): LinkReader => ({
  async read(token, purpose, now) {
    if (isLegacyLinkToken(token)) return verifyLegacyLink(token, purpose, legacySigningKey, now);
    if (!isCanonicalLinkHandle(token)) throw new InvalidLinkError('malformed', 'this link cannot be read');
    const claims = await handles.find(token);
    if (!claims) throw new InvalidLinkError('tampered', 'this link was not made by us');
    return checkClaims(claims, purpose, now);
  },
});
