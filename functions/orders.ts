import { processKafkaEvent } from '../lib/batch/process-kafka-event.ts';
import { recordOrderEvent } from '../lib/orders/record-order-event.ts';
import { appContext } from '../lib/runtime/app-context.ts';

/** Triggered by `afterglow.orders` (MSK or self-managed Kafka): each record to the record handler. */
export const handler = async (event: unknown) => processKafkaEvent(event, recordOrderEvent(await appContext()));
