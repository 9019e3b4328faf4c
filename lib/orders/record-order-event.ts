import type { KafkaMessage } from '../../events/kafka-lambda-event.ts';
import { OrderEventSchema } from '../../events/order-event.ts';
import type { DeadLetterSink } from '../dead-letters/dead-letter-sink.ts';
import { InvalidPayloadError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { isDataError, pgErrorCode, PG_FOREIGN_KEY_VIOLATION } from '../store/database.ts';
import type { OrderRepository } from '../store/order-repository.ts';

export type OrderRecordOutcome = 'recorded' | 'duplicate' | 'dead_lettered';

export interface RecordOrderEventDeps {
  readonly orders: Pick<OrderRepository, 'record'>;
  readonly deadLetters: DeadLetterSink;
  readonly logger: Logger;
}

const decodeOrderEvent = (message: KafkaMessage) => {
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new InvalidPayloadError(`value is not JSON: ${(error as Error).message}`);
  }
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

/**
 * The orders function's record handler: validates one record and stores it once. A record that
 * can never be stored (not JSON, not an OrderEvent, unknown tenant) becomes a dead letter with its
 * reason instead of failing the batch; a database that is unwell fails the batch for a retry.
 */
export const recordOrderEvent =
  (deps: RecordOrderEventDeps) =>
  async (message: KafkaMessage): Promise<OrderRecordOutcome> => {
    const source = `${message.topic}-${message.partition}@${message.offset}`;
    const deadLetter = async (reason: string, error: unknown): Promise<OrderRecordOutcome> => {
      await deps.deadLetters.send({
        source: { kind: 'kafka', topic: message.topic, partition: message.partition, offset: message.offset },
        handler: 'orders',
        reason,
        error,
        key: message.key,
        payload: message.value,
      });
      return 'dead_lettered';
    };
    let event;
    try {
      event = decodeOrderEvent(message);
    } catch (error) {
      return deadLetter((error as Error).message, error);
    }
    try {
      const outcome = await deps.orders.record(event, source);
      deps.logger.debug('order event stored', { source, eventId: event.eventId, outcome });
      return outcome;
    } catch (error) {
      if (pgErrorCode(error) === PG_FOREIGN_KEY_VIOLATION) {
        return deadLetter(`tenant ${event.tenantId} does not exist (event ${event.eventId})`, error);
      }
      if (isDataError(error)) {
        return deadLetter(`the store refused event ${event.eventId}: ${(error as Error).message}`, error);
      }
      throw error;
    }
  };
