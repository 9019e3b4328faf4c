import * as z from 'zod';

/**
 * The record Lambda writes to a Kafka event source mapping's SQS (or SNS) on-failure destination
 * once a batch has used up its retries: metadata about the invocation and, per `topic-partition`,
 * the offsets of the first and last record of the batch; not the records themselves, which stay
 * on their topic (AWS "Capturing discarded batches for Amazon MSK and self-managed Apache Kafka").
 * Read leniently: only the ranges matter to a redrive.
 */
const OffsetSchema = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((offset) => BigInt(offset));

export const KafkaOnFailureRecordSchema = z.object({
  requestContext: z.object({ condition: z.string().optional(), functionArn: z.string().optional() }).loose().optional(),
  KafkaBatchInfo: z
    .object({
      recordsInfo: z.record(
        z.string(),
        z.object({ firstRecordOffset: OffsetSchema, lastRecordOffset: OffsetSchema }).loose(),
      ),
    })
    .loose(),
}).loose();

export interface KafkaOffsetRange {
  readonly topic: string;
  readonly partition: number;
  readonly first: bigint;
  readonly last: bigint;
}

/** The ranges one on-failure record names; null when it is not one. */
export const rangesOfOnFailureRecord = (body: string): KafkaOffsetRange[] | null => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = KafkaOnFailureRecordSchema.safeParse(json);
  if (!parsed.success) return null;
  return Object.entries(parsed.data.KafkaBatchInfo.recordsInfo).flatMap(([topicPartition, info]) => {
    const dash = topicPartition.lastIndexOf('-');
    const partition = Number(topicPartition.slice(dash + 1));
    if (dash <= 0 || !Number.isInteger(partition)) return [];
    return [{ topic: topicPartition.slice(0, dash), partition, first: info.firstRecordOffset, last: info.lastRecordOffset }];
  });
};

export const inRanges = (ranges: readonly KafkaOffsetRange[], record: { topic: string; partition: number; offset: string }): boolean =>
  ranges.some((range) => range.topic === record.topic && range.partition === record.partition && BigInt(record.offset) >= range.first && BigInt(record.offset) <= range.last);
