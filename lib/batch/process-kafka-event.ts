import { KafkaLambdaEventSchema, kafkaRecordsOf, type KafkaMessage } from '../../events/kafka-lambda-event.ts';
import { InvalidPayloadError } from '../errors.ts';

/** Works on one partition's records, in offset order; returns one outcome per record. */
export type PartitionHandler<Outcome> = (messages: readonly KafkaMessage[]) => Promise<readonly Outcome[]>;

export interface BatchOutcome<Outcome> {
  readonly processed: number;
  readonly outcomes: readonly Outcome[];
}

/** Adapts a handler of single records (for functions with nothing to gain from batching). */
export const eachRecord =
  <Outcome>(recordHandler: (message: KafkaMessage) => Promise<Outcome>): PartitionHandler<Outcome> =>
  async (messages) => {
    const outcomes: Outcome[] = [];
    for (const message of messages) outcomes.push(await recordHandler(message));
    return outcomes;
  };

/**
 * Parses the Kafka Lambda envelope and hands each partition's records to the handler; partitions
 * run side by side, one partition's records stay in offset order (one customer's events in
 * sequence). The handler deals with bad records itself (dead letters); anything it throws is a
 * retryable failure and fails the batch, which Kafka then delivers again (every side effect is
 * idempotent). Outcomes come back in the event's record order.
 */
export const processKafkaEvent = async <Outcome>(
  event: unknown,
  handler: PartitionHandler<Outcome>,
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
  const results = await Promise.all([...partitions.values()].map((messages) => handler(messages)));
  const outcomes = results.flat();
  return { processed: outcomes.length, outcomes };
};
