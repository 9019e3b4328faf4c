import type { OrderEvent } from '../../events/order-event.ts';
import type { JourneyFacts } from '../store/order-repository.ts';

/** What recording the batch learnt on the way, for the reactions that need it. */
export interface RecordedOrderEvents {
  /** The journey facts of the stored events' orders, as they stood once the batch was stored. */
  readonly journeyFacts: JourneyFacts;
}

/**
 * What else happens when order events are stored (journey scheduling, proactive recovery). A
 * reaction sees every stored event of a batch, first deliveries and redeliveries alike, so it
 * must be idempotent; a reaction that throws fails the batch, which Kafka delivers again. Called
 * without `recorded` (a test, a replay tool), a reaction reads what it needs from the store.
 */
export type OrderEventReaction = (events: readonly OrderEvent[], recorded?: RecordedOrderEvents) => Promise<void>;
