import { processKafkaEvent } from '../lib/batch/process-kafka-event.ts';
import { recordOrderEvents } from '../lib/orders/record-order-events.ts';
import { appContext } from '../lib/runtime/app-context.ts';

/** Triggered by `afterglow.orders` (MSK or self-managed Kafka): each partition's records to the orders domain. */
export const handler = async (event: unknown) => processKafkaEvent(event, recordOrderEvents(await appContext()));
