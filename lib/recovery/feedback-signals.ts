import type { RecoverySignal } from '../../events/recovery-signal.ts';
import { categoriesInWords, scoreInWords } from './signal-wording.ts';
import { withCorrelationOf } from '../correlation.ts';
import { feedbackCorrelationKey, type FeedbackReaction } from '../feedback/handle-feedback-events.ts';
import type { Logger } from '../logger.ts';
import type { ClassifiedFeedback } from '../store/classification-repository.ts';
import type { RecoveryQueue } from '../transport/recovery-queue.ts';

/** The signal a feedback raises (pure): stable on feedback id and revision, so a redelivery joins its case once. */
export const feedbackSignalOf = ({ event, classification }: ClassifiedFeedback, now: Date): RecoverySignal => {
  const what = categoriesInWords(classification.issues) || 'Unhappy customer';
  const score = event.score ? scoreInWords(event.score) : 'no score';
  return {
    schema: 'afterglow.RecoverySignal',
    version: 2,
    signalId: `feedback:${event.feedbackId}:${event.revision}`,
    tenantId: event.tenantId,
    orderId: event.orderId,
    // A FeedbackEvent names the order by id only; the case takes the shop's number from the order.
    orderNumber: null,
    customer: event.customer,
    origin: {
      kind: 'feedback',
      feedbackId: event.feedbackId,
      revision: event.revision,
      sentiment: classification.sentiment,
      score: event.score,
      comment: event.comment,
    },
    issues: [...classification.issues],
    summary: `${what} (${score})`.slice(0, 300),
    occurredAt: event.submittedAt,
    raisedAt: now.toISOString(),
  };
};

/** The feedback function's recovery step: unhappy feedback, or a problem named under any score, goes to the service team. */
export const raiseFeedbackRecovery =
  (deps: { recoveryQueue: Pick<RecoveryQueue, 'send'>; clock: () => Date; logger: Logger }): FeedbackReaction =>
  async (routed) => {
    for (const classified of routed) {
      if (!classified.routing.recovery) continue;
      const signal = feedbackSignalOf(classified, deps.clock());
      // On the queue with the correlation id the feedback event carried.
      await withCorrelationOf(feedbackCorrelationKey(classified.event), async () => {
        const { messageId } = await deps.recoveryQueue.send(signal);
        deps.logger.info('recovery signal raised from feedback', { tenantId: signal.tenantId, signalId: signal.signalId, messageId });
      });
    }
  };
