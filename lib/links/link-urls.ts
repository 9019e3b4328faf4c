import { signLink, type LinkClaims } from './link-token.ts';

/** Builds the public URLs of signed links (`PUBLIC_BASE_URL` + route + token). */
export interface LinkUrls {
  feedbackPage(claims: Omit<LinkClaims, 'purpose'>): string;
  unsubscribe(claims: Omit<LinkClaims, 'purpose' | 'expiresAt'>): string;
  consent(claims: Omit<LinkClaims, 'purpose'>): string;
  reviewRedirect(claims: Omit<LinkClaims, 'purpose'>): string;
}

const ROUTES = { feedback: 'f', unsubscribe: 'u', consent: 'c', go: 'go' } as const;

export const createLinkUrls = (publicBaseUrl: string, signingKey: string): LinkUrls => {
  const url = (claims: LinkClaims) => `${publicBaseUrl}/${ROUTES[claims.purpose]}/${signLink(claims, signingKey)}`;
  return {
    feedbackPage: (claims) => url({ ...claims, purpose: 'feedback' }),
    // An unsubscribe link works for as long as the address could receive anything from us.
    unsubscribe: (claims) => url({ ...claims, purpose: 'unsubscribe', expiresAt: null }),
    consent: (claims) => url({ ...claims, purpose: 'consent' }),
    reviewRedirect: (claims) => url({ ...claims, purpose: 'go' }),
  };
};
