import { testimonialAskContent } from '../advocacy/testimonial-asks.ts';
import { publishPendingFeedback } from '../feedback-intake/submit-feedback.ts';
import type { AppContext } from '../runtime/app-context.ts';
import { dispatchDue, type DispatchSummary } from './dispatch-due.ts';

export interface DispatchRunSummary extends DispatchSummary {
  /** Feedback revisions the relay put on the log this run (stored earlier while the log was down). */
  feedbackRelayed: number;
}

/** One scheduled run: relay feedback the log missed, then send what is due. */
export const runDispatch = async (context: AppContext, now: Date = context.clock()): Promise<DispatchRunSummary> => {
  const feedbackRelayed = await publishPendingFeedback({
    eventLog: context.eventLog,
    feedbackTopic: context.topics.feedback,
    feedback: context.feedback,
    clock: context.clock,
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
      askContent: testimonialAskContent(context),
    },
    { now },
  );
  if (summary.sent + summary.failed + summary.postponed + feedbackRelayed > 0) {
    context.logger.info('dispatch run', { ...summary, feedbackRelayed });
  }
  return { ...summary, feedbackRelayed };
};
