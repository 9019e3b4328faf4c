import type { KafkaMessage } from '../../events/kafka-lambda-event.ts';
import { OrderEventSchema, type OrderEvent } from '../../events/order-event.ts';
import type { DeadLetterSink } from '../dead-letters/dead-letter-sink.ts';
import { InvalidPayloadError } from '../errors.ts';
import { refuseNewerVersion } from '../json/newer-contract-version.ts';
import { versionsOf } from '../../events/contracts.ts';
import { correlationIdIn, newCorrelationId, withBatchCorrelations, withCorrelation } from '../correlation.ts';
import type { Logger } from '../logger.ts';
import { isDataError, pgErrorCode, PG_FOREIGN_KEY_VIOLATION } from '../store/database.ts';
import type { JourneyFact, OrderRepository, RecordedBatch } from '../store/order-repository.ts';
import type { OrderEventReaction } from './order-event-reaction.ts';
import { jsonSyntaxProblem } from '../json/json-syntax-problem.ts';

/** `erased`: about a customer or shop erased since it was received (a replay): dropped, not stored. */
export type OrderRecordOutcome = 'recorded' | 'duplicate' | 'dead_lettered' | 'erased';

export interface RecordOrderEventsDeps {
  /** Records the batch; refuses, as `erased`, the events of customers and shops erased since (privacy requests). */
  readonly orders: Pick<OrderRepository, 'recordMany'>;
  readonly deadLetters: DeadLetterSink;
  readonly logger: Logger;
  /** Run after the batch is stored, side by side, with every stored event (journey scheduling, proactive recovery, referral tracking). */
  readonly reactions?: readonly OrderEventReaction[];
}

const decodeOrderEvent = (message: KafkaMessage): OrderEvent => {
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new InvalidPayloadError(`value is ${jsonSyntaxProblem(error)}`);
  }
  refuseNewerVersion(json, 'afterglow.OrderEvent', versionsOf(OrderEventSchema));
  const parsed = OrderEventSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`)
      .join('; ');
    throw new InvalidPayloadError(`not an OrderEvent: ${problems}`);
  }
  return parsed.data;
};

const sourceOf = (message: KafkaMessage) => `${message.topic}-${message.partition}@${message.offset}`;

/**
 * The orders function's work on one partition's records: each is validated, the valid ones are
 * stored in one statement. A record that can never be stored (not JSON, not an OrderEvent, an
 * unknown tenant) becomes a dead letter with its reason instead of failing the batch; a database
 * that is unwell fails the batch, which Kafka delivers again.
 */
export const recordOrderEvents =
  (deps: RecordOrderEventsDeps) =>
  async (messages: readonly KafkaMessage[]): Promise<OrderRecordOutcome[]> => {
    const outcomes: OrderRecordOutcome[] = new Array(messages.length);
    const deadLetter = async (index: number, reason: string, error: unknown) => {
      const message = messages[index] as KafkaMessage;
      await deps.deadLetters.send({
        source: { kind: 'kafka', topic: message.topic, partition: message.partition, offset: message.offset },
        handler: 'orders',
        reason,
        error,
        key: message.key,
        payload: message.value,
      });
      outcomes[index] = 'dead_lettered';
    };

    // Each record's correlation id (a fresh one when it carries none): its dead letter and its reactions go under it.
    const correlationIds = messages.map((message) => correlationIdIn(message.headers) ?? newCorrelationId());
    const underRecord = <T>(index: number, work: () => Promise<T>) => withCorrelation(correlationIds[index], work);
    const decoded: { index: number; event: OrderEvent }[] = [];
    for (const [index, message] of messages.entries()) {
      try {
        decoded.push({ index, event: decodeOrderEvent(message) });
      } catch (error) {
        if (!(error instanceof InvalidPayloadError)) throw error;
        await underRecord(index, () => deadLetter(index, (error as Error).message, error));
      }
    }
    // The store refuses events about someone erased since (a replay) in the statement that records
    // the rest, before anything of them is stored: an erased customer never comes back anywhere.
    const store = (batch: typeof decoded) =>
      deps.orders.recordMany(batch.map(({ index, event }) => ({ event, source: sourceOf(messages[index] as KafkaMessage) })));
    const journeyFacts = new Map<string, JourneyFact>();
    const noteFacts = (recorded: RecordedBatch) => recorded.journeyFacts.forEach((fact, key) => journeyFacts.set(key, fact));
    try {
      const recorded = await store(decoded);
      recorded.outcomes.forEach((outcome, position) => (outcomes[(decoded[position] as (typeof decoded)[number]).index] = outcome));
      noteFacts(recorded);
    } catch (error) {
      if (!isDataError(error)) throw error;
      // Some record the store refuses: find it by storing one at a time (rare, so the cost is fine).
      for (const entry of decoded) {
        try {
          const recorded = await store([entry]);
          outcomes[entry.index] = recorded.outcomes[0] ?? 'duplicate';
          // In offset order, so an order's facts end as the last of its events left them.
          noteFacts(recorded);
        } catch (single) {
          if (pgErrorCode(single) === PG_FOREIGN_KEY_VIOLATION) {
            await underRecord(entry.index, () => deadLetter(entry.index, `tenant ${entry.event.tenantId} does not exist (event ${entry.event.eventId})`, single));
          } else if (isDataError(single)) {
            await underRecord(entry.index, () => deadLetter(entry.index, `the store refused event ${entry.event.eventId}: ${(single as Error).message}`, single));
          } else {
            throw single;
          }
        }
      }
    }
    const kept = decoded.filter(({ index }) => outcomes[index] === 'recorded' || outcomes[index] === 'duplicate');
    const stored = kept.map(({ event }) => event);
    const erased = decoded.filter(({ index }) => outcomes[index] === 'erased').length;
    if (erased > 0) deps.logger.info('order events of erased customers dropped', { records: erased });
    // The reactions see the batch; each acts on an event under that event's correlation id (withCorrelationOf its eventId).
    // They are independent of one another (each its own tables or queue, each idempotent), so they run side
    // by side: the batch waits for the slowest one's round trips, not for the sum of them. The batch fails
    // only once every reaction has finished, so a redelivery never overlaps a reaction still at work.
    await withBatchCorrelations(new Map(kept.map(({ index, event }) => [event.eventId, correlationIds[index] as string])), async () => {
      const settled = await Promise.allSettled((deps.reactions ?? []).map((react) => react(stored, { journeyFacts })));
      const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
    });
    deps.logger.debug('order events handled', { records: messages.length });
    return outcomes;
  };
