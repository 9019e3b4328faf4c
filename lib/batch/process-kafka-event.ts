import { DecodedKafkaBatch } from '../../events/decoded-kafka-batch.ts';
import { KafkaLambdaEnvelopeSchema, kafkaRecordsOf, type DecodedKafkaRecord, type KafkaMessage } from '../../events/kafka-lambda-event.ts';
import type { DeadLetterSink } from '../dead-letters/dead-letter-sink.ts';
import { UndecodableKafkaRecordError } from '../dead-letters/undecodable-record.ts';
import { InvalidPayloadError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** Works on one partition's records, in offset order; returns one outcome per record. */
export type PartitionHandler<Outcome> = (messages: readonly KafkaMessage[]) => Promise<readonly Outcome[]>;

/**
 * A Kafka partial batch response item, as Lambda reads it from a Kafka event source mapping with
 * `ReportBatchItemFailures` (the shape Powertools' batch processor returns): the partition as
 * `topic-partition` and the offset of its first record that must come back. Lambda resumes that
 * partition from there; the other partitions move on.
 */
export interface KafkaBatchItemFailure {
  readonly itemIdentifier: { readonly partition: string; readonly offset: number | string };
}

/** `undecodable`: a record the envelope could not decode, set aside as a dead letter. */
export type KafkaRecordOutcome<Outcome> = Outcome | 'undecodable';

export interface BatchOutcome<Outcome> {
  readonly processed: number;
  readonly outcomes: readonly KafkaRecordOutcome<Outcome>[];
  readonly batchItemFailures: readonly KafkaBatchItemFailure[];
}

/** What the envelope needs to set aside records it cannot decode. */
export interface ProcessKafkaEventOptions {
  readonly deadLetters: DeadLetterSink;
  /** The function's name on the dead letters (`orders`, `feedback`). */
  readonly handler: string;
  readonly logger?: Logger;
}

/** Thrown when every partition of the batch failed: the invocation is an error, so Lambda retries it (split in two with BisectBatchOnFunctionError). */
export class KafkaBatchFailedError extends Error {
  override readonly name = 'KafkaBatchFailedError';
}

/** Adapts a handler of single records (for functions with nothing to gain from batching). */
export const eachRecord =
  <Outcome>(recordHandler: (message: KafkaMessage) => Promise<Outcome>): PartitionHandler<Outcome> =>
  async (messages) => {
    const outcomes: Outcome[] = [];
    for (const message of messages) outcomes.push(await recordHandler(message));
    return outcomes;
  };

/** A number where it is exact, else the digits as text (int64 offsets). */
const offsetValue = (offset: string): number | string => (Number.isSafeInteger(Number(offset)) ? Number(offset) : offset);

const setAside = async (record: Extract<DecodedKafkaRecord, { ok: false }>, options: ProcessKafkaEventOptions | undefined) => {
  if (!options) throw new InvalidPayloadError(record.reason);
  if (record.position.offset === null) throw new InvalidPayloadError(`not a Kafka Lambda event: ${record.reason}`);
  await options.deadLetters.send({
    source: { kind: 'kafka', topic: record.position.topic, partition: record.position.partition, offset: record.position.offset },
    handler: options.handler,
    reason: record.reason,
    error: new UndecodableKafkaRecordError(record.reason),
    key: null,
    // The record as Lambda delivered it: its value may be the very part that cannot be read.
    payload: Buffer.from(JSON.stringify(record.raw), 'utf8'),
  });
};

/** The event's records: read from the Lambda envelope, or as given by a consumer in this process that decoded them already. */
const recordsOf = (event: unknown): DecodedKafkaRecord[] => {
  if (event instanceof DecodedKafkaBatch) return event.messages.map((message) => ({ ok: true, message }));
  const envelope = KafkaLambdaEnvelopeSchema.safeParse(event);
  if (!envelope.success) throw new InvalidPayloadError(`not a Kafka Lambda event: ${envelope.error.message}`);
  return kafkaRecordsOf(envelope.data);
};

/**
 * Parses the Kafka Lambda envelope (or takes the records of a {@link DecodedKafkaBatch}) and hands each partition's records to the handler; partitions
 * run side by side, one partition's records stay in offset order (one customer's events in
 * sequence). A record the envelope cannot decode (a header that is not bytes, a value that is not
 * base64) is dead-lettered with its reason and the rest of its partition goes on; the handler deals
 * with records whose value is bad (dead letters). Anything the handler throws is a retryable failure
 * of that partition: when some partitions fail, their first records are reported in
 * `batchItemFailures` (Lambda resumes each from there, the others move on); when all fail, it
 * throws, so the invocation counts as an error. Kafka delivers the failed records again, a bounded
 * number of times (`MaximumRetryAttempts`), then to the on-failure destination; every side effect
 * is idempotent. Outcomes come back in the event's record order.
 */
export const processKafkaEvent = async <Outcome>(
  event: unknown,
  handler: PartitionHandler<Outcome>,
  options?: ProcessKafkaEventOptions,
): Promise<BatchOutcome<Outcome>> => {
  const records = recordsOf(event);
  const outcomes: KafkaRecordOutcome<Outcome>[] = new Array(records.length);
  const partitions = new Map<string, { indexes: number[]; messages: KafkaMessage[] }>();
  for (const [index, record] of records.entries()) {
    if (!record.ok) {
      await setAside(record, options);
      options?.logger?.warn('Kafka record could not be decoded; dead-lettered', { ...record.position, reason: record.reason });
      outcomes[index] = 'undecodable';
      continue;
    }
    const key = `${record.message.topic}-${record.message.partition}`;
    const partition = partitions.get(key) ?? { indexes: [], messages: [] };
    partition.indexes.push(index);
    partition.messages.push(record.message);
    partitions.set(key, partition);
  }
  const results = await Promise.allSettled(
    [...partitions.values()].map(async ({ indexes, messages }) => {
      const handled = await handler(messages);
      handled.forEach((outcome, position) => (outcomes[indexes[position] as number] = outcome));
    }),
  );
  const failed = [...partitions.entries()].flatMap(([key, { messages }], position) => {
    const result = results[position];
    return result?.status === 'rejected' ? [{ key, first: messages[0] as KafkaMessage, error: result.reason as unknown }] : [];
  });
  if (failed.length > 0 && failed.length === partitions.size) {
    const [first] = failed;
    if (failed.length === 1 && first) throw first.error;
    throw new KafkaBatchFailedError(`every partition of the batch failed: ${failed.map(({ key, error }) => `${key}: ${(error as Error).message}`).join('; ')}`, {
      cause: first?.error,
    });
  }
  for (const { key, first, error } of failed) {
    options?.logger?.warn('partition failed; Kafka will deliver it again from its first record', { partition: key, offset: first.offset, error });
  }
  return {
    processed: outcomes.length,
    outcomes,
    batchItemFailures: failed.map(({ key, first }) => ({ itemIdentifier: { partition: key, offset: offsetValue(first.offset) } })),
  };
};
