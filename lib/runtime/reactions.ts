import { inviteAdvocates, referralAskRules, trackReferredOrders, type ReferralDeps } from '../advocacy/referrals.ts';
import { reviewAskRules } from '../advocacy/review-ask-rules.ts';
import { testimonialAskRules } from '../advocacy/testimonial-asks.ts';
import { testimonialReaction } from '../advocacy/testimonial-reaction.ts';
import type { AskRules } from '../journey/ask-kind-rules.ts';
import { scheduleJourneyAsks } from '../journey/schedule-journey-asks.ts';
import type { OrderEventReaction } from '../orders/order-event-reaction.ts';
import type { FeedbackReaction } from '../feedback/handle-feedback-events.ts';
import { raiseFeedbackRecovery } from '../recovery/feedback-signals.ts';
import { raiseProactiveRecovery } from '../recovery/proactive-signals.ts';
import type { AppContext } from './app-context.ts';

/**
 * Which domain steps follow which events, in one place: what happens after order events are
 * stored, after feedback is classified, and what each kind of ask adds to dispatch.
 */
const referralDeps = (context: AppContext): ReferralDeps => ({ ...context, publicBaseUrl: context.config.publicBaseUrl });

export const orderEventReactions = (context: AppContext): OrderEventReaction[] => {
  const proactive = raiseProactiveRecovery(context);
  return [
    scheduleJourneyAsks(context),
    async (events) => void (await proactive(events)),
    trackReferredOrders(referralDeps(context)),
  ];
};

export const feedbackReactions = (context: AppContext): FeedbackReaction[] => [
  raiseFeedbackRecovery(context),
  inviteAdvocates(referralDeps(context)),
  testimonialReaction(context),
];

export const askRules = (context: AppContext): AskRules => ({
  ...reviewAskRules({
    ...context,
    hasReviewed: async (tenantId, customer, since) =>
      (await context.reviews.byCustomer(tenantId, customer.key)).some((review) => review.receivedAt.getTime() >= since.getTime()),
  }),
  ...referralAskRules(referralDeps(context)),
  ...testimonialAskRules(context),
});
