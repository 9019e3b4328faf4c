import { processKafkaEvent } from '../lib/batch/process-kafka-event.ts';
import { classifyFeedback } from '../lib/feedback/classify.ts';
import { handleFeedbackEvents } from '../lib/feedback/handle-feedback-events.ts';
import { appContext } from '../lib/runtime/app-context.ts';
import { feedbackReactions } from '../lib/runtime/reactions.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
// Publishes to Kafka (or reports its health): the Kafka event log goes into this function's bundle.
import '../lib/runtime/kafka-adapter.ts';

/**
 * Triggered by `afterglow.feedback` (MSK or self-managed Kafka): classify each FeedbackEvent, keep
 * the latest revision's classification with its routing decision, then recovery and advocacy.
 */
export const handler = observed('feedback', async (event: unknown) => {
  const context = await appContext();
  return processKafkaEvent(
    event,
    handleFeedbackEvents({ ...context, classify: (input) => classifyFeedback(input), reactions: feedbackReactions(context) }),
    { deadLetters: context.deadLetters, handler: 'feedback', logger: context.logger },
  );
});
