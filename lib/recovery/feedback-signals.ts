import type { RecoverySignal } from '../../events/recovery-signal.ts';
import type { FeedbackReaction } from '../feedback/handle-feedback-events.ts';
import type { Logger } from '../logger.ts';
import type { ClassifiedFeedback } from '../store/classification-repository.ts';
import type { RecoveryQueue } from '../transport/recovery-queue.ts';

const ISSUE_WORDS: Readonly<Record<string, string>> = {
  delivery_delay: 'Late delivery',
  lost_or_not_received: 'Not received',
  damaged: 'Damaged on arrival',
  wrong_or_missing_item: 'Wrong or missing item',
  product_defect: 'Faulty product',
  quality_mismatch: 'Not as described',
  billing_refund: 'Billing or refund problem',
  service_staff: 'Service complaint',
  safety: 'Safety concern',
  legal_threat: 'Legal or chargeback threat',
};

/** The signal a feedback raises (pure): stable on feedback id and revision, so a redelivery joins its case once. */
export const feedbackSignalOf = ({ event, classification }: ClassifiedFeedback, now: Date): RecoverySignal => {
  const what = classification.issues.map((issue) => ISSUE_WORDS[issue] ?? issue).join(', ') || 'Unhappy customer';
  const score = event.score ? `${event.score.scale.toUpperCase()} ${event.score.value}` : 'no score';
  return {
    schema: 'afterglow.RecoverySignal',
    version: 1,
    signalId: `feedback:${event.feedbackId}:${event.revision}`,
    tenantId: event.tenantId,
    orderId: event.orderId,
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
    summary: `${what} (${event.orderId ? `order ${event.orderId}, ` : ''}${score})`.slice(0, 300),
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
      const { messageId } = await deps.recoveryQueue.send(signal);
      deps.logger.info('recovery signal raised from feedback', { tenantId: signal.tenantId, signalId: signal.signalId, messageId });
    }
  };
