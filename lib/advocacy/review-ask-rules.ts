import { randomUUID } from 'node:crypto';
import type { AskKindRules, AskRules } from '../journey/ask-kind-rules.ts';
import { orderAskKey } from '../journey/schedule-journey-asks.ts';
import type { LinkUrls } from '../links/link-urls.ts';
import type { TrustpilotInvitations } from '../providers/trustpilot.ts';
import type { OutreachRepository } from '../store/outreach-repository.ts';
import type { ReviewActivityRepository } from '../store/review-activity-repository.ts';
import { destinationSubject, linkDestinations, trustpilotDestination } from './review-destinations.ts';

/**
 * The public review invitation and its one reminder, in dispatch. Every rule is objective — the
 * invitation's own frequency limit, whether the customer already clicked through or reviewed —
 * and the words and links are the same for everyone: feedback never reaches this code.
 */
export interface ReviewAskDeps {
  readonly outreach: Pick<OutreachRepository, 'schedule' | 'notePayload'>;
  readonly reviewActivity: ReviewActivityRepository;
  readonly trustpilot: TrustpilotInvitations;
  readonly links: LinkUrls;
  /** Whether the customer reviewed at a destination that reports reviews (first-party, Trustpilot) since `since`. */
  readonly hasReviewed?: (tenantId: string, customer: { key: string; email: string | null }, since: Date) => Promise<boolean>;
  readonly newId?: () => string;
}

const DAY_MS = 86_400_000;
/** Review links stay usable for a year: a review is welcome whenever it comes. */
const LINK_LIFETIME_MS = 365 * DAY_MS;
/**
 * Mail security scanners open every link within moments of delivery; a click that soon after the
 * send is not taken as the customer's, so it never stops their reminder.
 */
export const SCANNER_WINDOW_MS = 2 * 60_000;

/** Trustpilot wants a locale such as en-US: the customer's own when it has a region, else the language's usual one. */
const trustpilotLocale = (locale: string | null): string => {
  if (locale && /^[a-z]{2}[-_][A-Za-z]{2}$/.test(locale)) return locale.replace('_', '-');
  const language = locale?.slice(0, 2).toLowerCase();
  return ({ fr: 'fr-FR', de: 'de-DE', es: 'es-ES', it: 'it-IT', nl: 'nl-NL', da: 'da-DK', sv: 'sv-SE' } as Record<string, string>)[language ?? ''] ?? 'en-US';
};

const reviewLinksFor = (deps: ReviewAskDeps, purpose: 'invitation' | 'reminder'): NonNullable<AskKindRules['renderExtras']> =>
  async ({ ask, tenant, now, channel, address }) => ({
    reviewLinks: await Promise.all(linkDestinations(tenant.settings, purpose).map(async (destination) => ({
      name: destination.name,
      incentive: destination.incentive,
      url: await deps.links.reviewRedirect({
        tenantId: tenant.id,
        orderId: ask.orderId,
        customerKey: ask.customerKey,
        outreachId: ask.id,
        channel,
        address,
        subject: destinationSubject(destination),
        expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS),
      }),
    }))),
  });

export const reviewAskRules = (deps: ReviewAskDeps): AskRules => {
  const newId = deps.newId ?? (() => `out_${randomUUID()}`);
  return {
    review_invitation: {
      async gate({ tenant, order }) {
        const { reviews } = tenant.settings;
        const trustpilotCanInvite = trustpilotDestination(tenant.settings) !== null && order.customer.email !== null;
        if (linkDestinations(tenant.settings, 'invitation').length === 0 && !trustpilotCanInvite) {
          const skip = reviews.destinations.length === 0 ? 'no review destinations are set up' : 'Trustpilot invites by email and the customer has no email address';
          return { skip, cause: 'unreachable' };
        }
        return null;
      },
      // One invitation per customer per frequency window, whatever the number of their orders due in
      // one run or in concurrent runs: decided under the customer's lock, on the store's record of
      // invitations sent or being sent.
      gateUnderLock({ tenant, now }, customerAsks) {
        const { frequencyDays } = tenant.settings.reviews;
        const other = customerAsks.find(
          (candidate) =>
            candidate.kind === 'review_invitation' &&
            ((candidate.state === 'sending' && candidate.channel !== null) ||
              (candidate.state === 'sent' && candidate.sentAt !== null && now.getTime() - candidate.sentAt.getTime() < frequencyDays * DAY_MS)),
        );
        if (!other) return null;
        const when = other.sentAt ? `on ${other.sentAt.toISOString().slice(0, 10)}` : 'in this run';
        return {
          reason: `invited to review ${when} (${other.id}${other.orderId ? `, order ${other.orderId}` : ''}): one invitation per ${frequencyDays} days (reviews.frequencyDays)`,
          blockedBy: other.id,
          cause: 'frequency',
        };
      },
      renderExtras: reviewLinksFor(deps, 'invitation'),
      async deliverElsewhere({ ask, tenant, order }, onAttempt) {
        const ownMessage = linkDestinations(tenant.settings, 'invitation').length > 0;
        const trustpilot = trustpilotDestination(tenant.settings);
        const email = order.customer.email;
        if (!trustpilot || !email) return { ownMessage, provider: null };
        // A retry after afterglow's own message failed must not invite through Trustpilot twice.
        if (ask.payload.trustpilotInvited !== true) {
          const name = [order.customer.firstName, order.customer.lastName].filter(Boolean).join(' ');
          await deps.trustpilot.invite(
            trustpilot,
            {
              // The order id: Trustpilot's review webhook carries it back as referenceId, linking the review to the order.
              referenceNumber: order.orderId,
              consumerName: name || email,
              consumerEmail: email,
              locale: trustpilotLocale(order.customer.locale),
              senderName: tenant.settings.shopName ?? tenant.id,
            },
            (attempt) => onAttempt('trustpilot', attempt),
          );
          await deps.outreach.notePayload(ask.id, ask.leaseToken ?? '', { trustpilotInvited: true });
        }
        return { ownMessage, provider: ownMessage ? null : 'trustpilot' };
      },
      async afterSent({ ask, tenant, now }, tx) {
        const days = tenant.settings.reviews.reminderAfterDays;
        if (days === null || !ask.orderId) return;
        await deps.outreach.schedule(
          {
            id: newId(),
            tenantId: tenant.id,
            orderId: ask.orderId,
            customerKey: ask.customerKey,
            kind: 'review_reminder',
            dedupeKey: orderAskKey(ask.orderId, 'review_reminder'),
            journeyAt: new Date(now.getTime() + days * DAY_MS),
            fixedTime: true,
            basis: 'invitation',
            payload: { invitationId: ask.id, invitationSentAt: now.toISOString() },
            plannedAt: now,
          },
          tx,
        );
      },
    },
    review_reminder: {
      async gate({ ask, tenant, order }) {
        const invitationId = typeof ask.payload.invitationId === 'string' ? ask.payload.invitationId : null;
        const sentAt = new Date(typeof ask.payload.invitationSentAt === 'string' ? ask.payload.invitationSentAt : 0);
        if (linkDestinations(tenant.settings, 'reminder').length === 0) return 'no review destinations to link to';
        if (invitationId && (await deps.reviewActivity.clickedThrough(invitationId, new Date(sentAt.getTime() + SCANNER_WINDOW_MS)))) {
          return 'the customer already clicked through to review';
        }
        if (await deps.hasReviewed?.(tenant.id, { key: ask.customerKey, email: order.customer.email }, sentAt)) {
          return 'the customer has reviewed already';
        }
        return null;
      },
      renderExtras: reviewLinksFor(deps, 'reminder'),
    },
  };
};
