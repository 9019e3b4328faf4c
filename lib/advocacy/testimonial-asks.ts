import { randomUUID } from 'node:crypto';
import type { FeedbackEvent } from '../../events/feedback-event.ts';
import type { TestimonialScope } from '../../events/feedback-event.ts';
import type { AskKindRules, AskRules } from '../journey/ask-kind-rules.ts';
import type { LinkUrls } from '../links/link-urls.ts';
import type { Logger } from '../logger.ts';
import type { FeedbackRepository } from '../store/feedback-repository.ts';
import type { Outreach, OutreachRepository } from '../store/outreach-repository.ts';
import type { ConsentRecord, StoredTestimonial, TestimonialRepository } from '../store/testimonial-repository.ts';
import { renderDisplayName } from './display-name.ts';

/**
 * The two messages testimonials send: the request (a happy customer who wrote a comment is asked
 * to let it be quoted; once per feedback, within the contact budget) and the confirmation of a
 * permission granted (with the link that withdraws it; see TRANSACTIONAL_KINDS).
 */
export interface TestimonialAskDeps {
  readonly outreach: Pick<OutreachRepository, 'schedule'>;
  readonly logger: Logger;
  /** The clock of the function at work: the ask's history records when it was planned by it. */
  readonly clock: () => Date;
  readonly newId?: () => string;
}

const newOutreachId = (deps: TestimonialAskDeps) => (deps.newId ?? (() => `out_${randomUUID()}`))();

/** Asks the customer, once per feedback, to let their comment be quoted. */
export const requestTestimonial = async (deps: TestimonialAskDeps, event: FeedbackEvent): Promise<void> => {
  // Messages go to the address of the order asked about; a feedback without one cannot be answered.
  if (!event.orderId) return;
  const outcome = await deps.outreach.schedule({
    id: newOutreachId(deps),
    tenantId: event.tenantId,
    orderId: event.orderId,
    customerKey: event.customer.key,
    kind: 'testimonial_request',
    dedupeKey: `feedback:${event.feedbackId}:testimonial_request`,
    journeyAt: new Date(event.submittedAt),
    fixedTime: false,
    basis: 'feedback',
    payload: { feedbackId: event.feedbackId },
    plannedAt: deps.clock(),
  });
  if (outcome === 'scheduled') deps.logger.info('testimonial requested', { tenantId: event.tenantId, feedbackId: event.feedbackId });
};

/** Confirms a permission just granted, once per grant, with the link that withdraws it. */
export const confirmTestimonialConsent = async (
  deps: TestimonialAskDeps,
  testimonial: StoredTestimonial,
  consent: ConsentRecord,
  now: Date,
): Promise<void> => {
  if (!consent.granted) return;
  if (!testimonial.orderId) {
    deps.logger.warn('testimonial permission not confirmed: no order to reach the customer through', { testimonialId: testimonial.id });
    return;
  }
  await deps.outreach.schedule({
    id: newOutreachId(deps),
    tenantId: testimonial.tenantId,
    orderId: testimonial.orderId,
    customerKey: testimonial.customerKey,
    kind: 'testimonial_confirmation',
    dedupeKey: `testimonial-consent:${consent.id}:confirmation`,
    journeyAt: now,
    fixedTime: false,
    basis: 'consent',
    payload: { testimonialId: testimonial.id, consentId: consent.id },
    plannedAt: now,
  });
};

export interface TestimonialAskContentDeps {
  readonly feedback: Pick<FeedbackRepository, 'latest'>;
  readonly testimonials: Pick<TestimonialRepository, 'find' | 'findByFeedback'>;
}

/**
 * What a testimonial message says, read at send time, or why it must not go any more.
 */
type AskContent =
  | {
      readonly action: 'send';
      /** The feedback the message is about (its consent link names it). */
      readonly feedbackId: string;
      readonly testimonial: { readonly quote: string; readonly scopes: readonly TestimonialScope[]; readonly displayName: string | null; readonly linkExpires: boolean };
    }
  | { readonly action: 'withdraw'; readonly reason: string };

const withdraw = (reason: string): AskContent => ({ action: 'withdraw', reason });

/**
 * At send time, what a testimonial message says, re-read from the store (the customer may have
 * changed their words or answered meanwhile); or why it should no longer go.
 */
const testimonialAskContent =
  (deps: TestimonialAskContentDeps) =>
  async (ask: Outreach): Promise<AskContent | null> => {
    if (ask.kind === 'testimonial_request') {
      const feedbackId = String(ask.payload.feedbackId ?? '');
      const latest = await deps.feedback.latest(ask.tenantId, feedbackId);
      const quote = latest?.comment?.trim() ?? '';
      if (!latest || quote === '') return withdraw('the comment is no longer there');
      if (await deps.testimonials.findByFeedback(ask.tenantId, feedbackId)) return withdraw('the customer already answered about quoting it');
      return { action: 'send', feedbackId, testimonial: { quote, scopes: [], displayName: null, linkExpires: true } };
    }
    if (ask.kind === 'testimonial_confirmation') {
      const testimonial = await deps.testimonials.find(ask.tenantId, String(ask.payload.testimonialId ?? ''));
      if (!testimonial) return withdraw('the testimonial no longer exists');
      if (testimonial.consentId !== String(ask.payload.consentId ?? '') || !testimonial.consent.granted) {
        return withdraw('a later choice of the customer replaced this permission');
      }
      return {
        action: 'send',
        feedbackId: testimonial.feedbackId,
        testimonial: {
          quote: testimonial.quote,
          scopes: testimonial.consent.scopes,
          displayName: renderDisplayName(testimonial.consent.displayName, testimonial.firstName, testimonial.lastName),
          // A withdrawal must work for as long as the words may be used.
          linkExpires: false,
        },
      };
    }
    return null;
  };

const DAY_MS = 86_400_000;

/**
 * The testimonial request and confirmation in dispatch: each is withdrawn when what it is about is
 * gone, and links to the consent page (`/c/{token}`, naming the feedback) rather than the feedback page.
 */
export const testimonialAskRules = (deps: TestimonialAskContentDeps & { readonly links: LinkUrls }): AskRules => {
  const contentOf = testimonialAskContent(deps);
  const rules: AskKindRules = {
    async gate({ ask }) {
      const content = await contentOf(ask);
      return content?.action === 'withdraw' ? { withdraw: content.reason } : null;
    },
    async renderExtras({ ask, tenant, channel, address, now }) {
      const content = await contentOf(ask);
      if (content?.action !== 'send') return {};
      const expiresAt = content.testimonial.linkExpires ? new Date(now.getTime() + tenant.settings.feedback.linkTtlDays * DAY_MS) : null;
      return {
        pageUrl: await deps.links.consent({ tenantId: tenant.id, orderId: ask.orderId, customerKey: ask.customerKey, outreachId: ask.id, channel, address, subject: content.feedbackId, expiresAt }),
        testimonial: content.testimonial,
      };
    },
  };
  return { testimonial_request: rules, testimonial_confirmation: rules };
};
