import { publishPendingFeedback } from '../feedback-intake/submit-feedback.ts';
import type { AppContext } from '../runtime/app-context.ts';
import { dispatchDue, type DispatchSummary } from './dispatch-due.ts';
import { grantReferralRewards } from '../advocacy/referrals.ts';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the dispatch run is composed with the wired ask rules (functions/dispatch and the CLI share it)
import { askRules } from '../runtime/reactions.ts';

export interface DispatchRunSummary extends DispatchSummary {
  /** Feedback revisions the relay put on the log this run (stored earlier while the log was down). */
  feedbackRelayed: number;
  /** Referral rewards whose holding period passed this run. */
  rewardsGranted: number;
}

/**
 * One scheduled run at `now` (the wall clock, or `afterglow dispatch --now`): relay feedback the
 * log missed, send what is due, and grant the referral rewards whose holding period has passed.
 * Everything runs at the run's time, so a run named for a later moment also relays what had
 * waited long enough by then.
 */
export const runDispatch = async (context: AppContext, now: Date = context.clock()): Promise<DispatchRunSummary> => {
  const feedbackRelayed = await publishPendingFeedback({
    eventLog: context.eventLog,
    feedbackTopic: context.topics.feedback,
    feedback: context.feedback,
    clock: () => now,
  }).catch((error: unknown) => {
    // The log is still down: the revisions wait for the next run; sending goes ahead regardless.
    context.logger.warn('feedback relay could not publish yet', { error });
    return 0;
  });
  const summary = await dispatchDue(
    {
      outreach: context.outreach,
      orders: context.orders,
      tenants: context.tenants,
      suppressions: context.suppressions,
      sender: context.sender,
      links: context.links,
      logger: context.logger,
      rules: askRules(context),
    },
    { now },
  );
  const rewardsGranted = await grantReferralRewards(context, now);
  if (summary.sent + summary.failed + summary.postponed + feedbackRelayed > 0) {
    context.logger.info('dispatch run', { ...summary, feedbackRelayed });
  }
  return { ...summary, feedbackRelayed, rewardsGranted };
};
