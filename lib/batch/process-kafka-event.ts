import { KafkaLambdaEventSchema, kafkaRecordsOf, type KafkaMessage } from '../../events/kafka-lambda-event.ts';
import { InvalidPayloadError } from '../errors.ts';

export type RecordHandler<Outcome> = (message: KafkaMessage) => Promise<Outcome>;

export interface BatchOutcome<Outcome> {
  readonly processed: number;
  readonly outcomes: readonly Outcome[];
}

/**
 * Hands each record of a Kafka Lambda event to a record handler. Partitions run side by side,
 * records within one partition in offset order (one customer's events stay in sequence). The
 * record handler deals with bad records itself (dead letter); anything it throws is a retryable
 * failure and fails the batch, which Kafka then delivers again (every side effect is idempotent).
 */
export const processKafkaEvent = async <Outcome>(
  event: unknown,
  recordHandler: RecordHandler<Outcome>,
): Promise<BatchOutcome<Outcome>> => {
  const envelope = KafkaLambdaEventSchema.safeParse(event);
  if (!envelope.success) throw new InvalidPayloadError(`not a Kafka Lambda event: ${envelope.error.message}`);
  const partitions = new Map<string, KafkaMessage[]>();
  for (const message of kafkaRecordsOf(envelope.data)) {
    const key = `${message.topic}-${message.partition}`;
    const list = partitions.get(key) ?? [];
    list.push(message);
    partitions.set(key, list);
  }
  const results = await Promise.all(
    [...partitions.values()].map(async (messages) => {
      const outcomes: Outcome[] = [];
      for (const message of messages) outcomes.push(await recordHandler(message));
      return outcomes;
    }),
  );
  const outcomes = results.flat();
  return { processed: outcomes.length, outcomes };
};
