import type { ReviewDestination, TenantSettings } from '../tenants/settings.ts';

/**
 * Where a review invitation sends people, the same for everyone. Google and first-party
 * destinations are links in afterglow's own message; Trustpilot is invited through its API
 * (Trustpilot sends the invitation), and its public page appears as a link only in the reminder.
 */
export interface LinkDestination {
  /** Position in the tenant's destinations: the `/go/` link names it, with its type. */
  readonly index: number;
  readonly type: ReviewDestination['type'];
  readonly name: string;
  readonly url: string;
  /** First-party only: offered to every reviewer, whatever they write. */
  readonly incentive: string | null;
}

export const destinationUrl = (destination: ReviewDestination): string | null => {
  switch (destination.type) {
    case 'google':
      return `https://search.google.com/local/writereview?placeid=${encodeURIComponent(destination.placeId)}`;
    case 'first_party':
      return destination.url;
    case 'trustpilot':
      return destination.reviewUrl;
  }
};

const nameOf = (destination: ReviewDestination): string =>
  destination.type === 'google' ? 'Google' : destination.type === 'trustpilot' ? 'Trustpilot' : destination.name;

export const linkDestinations = (settings: TenantSettings, purpose: 'invitation' | 'reminder'): LinkDestination[] =>
  settings.reviews.destinations.flatMap((destination, index) => {
    const url = destinationUrl(destination);
    // Trustpilot already invited the customer itself; its page is linked only when reminding.
    if (!url || (destination.type === 'trustpilot' && purpose === 'invitation')) return [];
    return [{ index, type: destination.type, name: nameOf(destination), url, incentive: destination.type === 'first_party' ? destination.incentive : null }];
  });

export const trustpilotDestination = (settings: TenantSettings) =>
  settings.reviews.destinations.find((destination): destination is Extract<ReviewDestination, { type: 'trustpilot' }> => destination.type === 'trustpilot') ?? null;

/** `/go/` links name their destination as `<index>:<type>`, so a changed list never misdirects. */
export const destinationSubject = (destination: Pick<LinkDestination, 'index' | 'type'>): string => `${destination.index}:${destination.type}`;

export const destinationBySubject = (settings: TenantSettings, subject: string | null): LinkDestination | null => {
  const match = /^(\d+):(\w+)$/.exec(subject ?? '');
  if (!match) return null;
  const destination = settings.reviews.destinations[Number(match[1])];
  if (!destination || destination.type !== match[2]) return null;
  const url = destinationUrl(destination);
  return url
    ? { index: Number(match[1]), type: destination.type, name: nameOf(destination), url, incentive: destination.type === 'first_party' ? destination.incentive : null }
    : null;
};

/** The incentive the tenant offers for first-party reviews (the same for every reviewer), if any. */
export const firstPartyIncentive = (settings: TenantSettings): string | null =>
  settings.reviews.destinations.find((destination): destination is Extract<ReviewDestination, { type: 'first_party' }> => destination.type === 'first_party')
    ?.incentive ?? null;
