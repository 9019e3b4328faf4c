import type { OrderEvent } from '../../events/order-event.ts';

/**
 * What else happens when order events are stored (journey scheduling, proactive recovery). A
 * reaction sees every stored event of a batch, first deliveries and redeliveries alike, so it
 * must be idempotent; a reaction that throws fails the batch, which Kafka delivers again.
 */
export type OrderEventReaction = (events: readonly OrderEvent[]) => Promise<void>;
