import { processKafkaEvent } from '../lib/batch/process-kafka-event.ts';
import { recordOrderEvents } from '../lib/orders/record-order-events.ts';
import { appContext } from '../lib/runtime/app-context.ts';
import { orderEventReactions } from '../lib/runtime/reactions.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
// Publishes to Kafka (or reports its health): the Kafka event log goes into this function's bundle.
import '../lib/runtime/kafka-adapter.ts';

/**
 * Triggered by `afterglow.orders` (MSK or self-managed Kafka): each partition's records to the
 * orders domain, then the journey, proactive recovery and referral tracking.
 */
export const handler = observed('orders', async (event: unknown) => {
  const context = await appContext();
  return processKafkaEvent(event, recordOrderEvents({ ...context, reactions: orderEventReactions(context) }), {
    deadLetters: context.deadLetters,
    handler: 'orders',
    logger: context.logger,
  });
});
