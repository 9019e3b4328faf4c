import { z } from 'zod';

/**
 * The Lambda event a Kafka event source mapping delivers, for Amazon MSK (`aws:kafka`) and
 * self-managed Kafka (`SelfManagedKafka`; some tooling writes `aws:SelfManagedKafka`).
 * Records are grouped by `topic-partition`; key and value are base64; each header is an
 * object of one name to an array of bytes. The envelope is parsed here and the message body
 * separately, by the consumer's own contract.
 */
export const KafkaLambdaRecordSchema = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  offset: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]),
  timestamp: z.number(),
  timestampType: z.string(),
  key: z.string().nullish(),
  value: z.string().nullish(),
  headers: z.array(z.record(z.string(), z.array(z.number().int().min(0).max(255)))).default([]),
});
export type KafkaLambdaRecord = z.infer<typeof KafkaLambdaRecordSchema>;

const base = {
  bootstrapServers: z.string().optional(),
  records: z.record(z.string(), z.array(KafkaLambdaRecordSchema)),
};

export const MskEventSchema = z.object({
  ...base,
  eventSource: z.literal('aws:kafka'),
  eventSourceArn: z.string(),
});
export const SelfManagedKafkaEventSchema = z.object({
  ...base,
  eventSource: z.enum(['SelfManagedKafka', 'aws:SelfManagedKafka']),
});
export const KafkaLambdaEventSchema = z.union([MskEventSchema, SelfManagedKafkaEventSchema]);
export type KafkaLambdaEvent = z.infer<typeof KafkaLambdaEventSchema>;

/** A decoded record: what a record handler works on. */
export interface KafkaMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

export const decodeKafkaRecord = (record: KafkaLambdaRecord): KafkaMessage => ({
  topic: record.topic,
  partition: record.partition,
  offset: String(record.offset),
  timestamp: record.timestamp,
  key: record.key ? Buffer.from(record.key, 'base64').toString('utf8') : null,
  value: Buffer.from(record.value ?? '', 'base64'),
  headers: Object.fromEntries(
    record.headers.flatMap((header) =>
      Object.entries(header).map(([name, bytes]) => [name, Buffer.from(bytes).toString('utf8')]),
    ),
  ),
});

/** Every record of the event in delivery order: partitions in turn, offsets ascending within each. */
export const kafkaRecordsOf = (event: KafkaLambdaEvent): KafkaMessage[] =>
  Object.values(event.records).flatMap((records) => records.map(decodeKafkaRecord));

/** Builds the Lambda event shape from decoded messages (the local runtime and tests use this). */
export const toSelfManagedKafkaEvent = (
  messages: readonly KafkaMessage[],
  bootstrapServers: string,
): KafkaLambdaEvent => {
  const records: Record<string, KafkaLambdaRecord[]> = {};
  for (const message of messages) {
    const group = (records[`${message.topic}-${message.partition}`] ??= []);
    group.push({
      topic: message.topic,
      partition: message.partition,
      offset: Number(message.offset),
      timestamp: message.timestamp,
      timestampType: 'CREATE_TIME',
      key: message.key === null ? null : Buffer.from(message.key, 'utf8').toString('base64'),
      value: message.value.toString('base64'),
      headers: Object.entries(message.headers).map(([name, text]) => ({
        [name]: [...Buffer.from(text, 'utf8')],
      })),
    });
  }
  return { eventSource: 'SelfManagedKafka', bootstrapServers, records };
};
