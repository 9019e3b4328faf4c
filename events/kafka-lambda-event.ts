import * as z from 'zod';

/**
 * The Lambda event a Kafka event source mapping delivers, for Amazon MSK (`aws:kafka`) and
 * self-managed Kafka (`SelfManagedKafka`; some tooling writes `aws:SelfManagedKafka`).
 * Records are grouped by `topic-partition`; key and value are base64 (either may be absent or
 * null: a record without a key, a tombstone); each header is an object of one name to an array of
 * bytes, which Lambda's Java pollers write as Java's signed bytes (`-61` for 0xC3), other tooling
 * as unsigned ones. Offsets come as numbers or as digit strings (int64), partitions too.
 *
 * The envelope is read leniently and each record on its own ({@link decodeKafkaRecord}), so one
 * record that cannot be decoded is set aside with its reason instead of failing the batch. The
 * message body is parsed separately, by the consumer's own contract.
 */
const DigitsSchema = z.string().regex(/^\d+$/);
const OffsetSchema = z.union([z.number().int().nonnegative(), DigitsSchema]);
const PartitionSchema = z.union([z.number().int().nonnegative(), DigitsSchema.transform(Number)]);
const TimestampSchema = z.union([z.number(), DigitsSchema.transform(Number)]);
/** Strict base64: Node's decoder silently skips what is not base64, which would corrupt a payload. */
const Base64Schema = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'not base64');
/** One header value: signed (Java, -128..-1 for 0x80..0xFF) or unsigned bytes; null for a null value. */
const HeaderBytesSchema = z.array(z.number().int().min(-128).max(255)).nullable();

export const KafkaLambdaRecordSchema = z.object({
  topic: z.string().min(1),
  partition: PartitionSchema,
  offset: OffsetSchema,
  timestamp: TimestampSchema,
  timestampType: z.string().optional(),
  key: Base64Schema.nullish(),
  value: Base64Schema.nullish(),
  headers: z
    .array(z.record(z.string(), HeaderBytesSchema))
    .nullish()
    .transform((headers) => headers ?? []),
});
/** A record as a producer of test events writes it. */
export type KafkaLambdaRecord = z.input<typeof KafkaLambdaRecordSchema>;

export interface KafkaLambdaEvent {
  readonly eventSource: 'aws:kafka' | 'SelfManagedKafka' | 'aws:SelfManagedKafka';
  readonly eventSourceArn?: string;
  readonly bootstrapServers?: string;
  readonly records: Readonly<Record<string, readonly unknown[]>>;
}

/** The envelope alone: which source, and records grouped by `topic-partition` (each read later). */
export const KafkaLambdaEnvelopeSchema = z.object({
  eventSource: z.enum(['aws:kafka', 'SelfManagedKafka', 'aws:SelfManagedKafka']),
  eventSourceArn: z.string().optional(),
  bootstrapServers: z.string().optional(),
  records: z.record(z.string(), z.array(z.unknown())),
});

/** A decoded record: what a record handler works on. */
export interface KafkaMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: string | null;
  /** Empty for a record without a value (a tombstone). */
  value: Buffer;
  headers: Record<string, string>;
}

/** Where a record sits, as far as it can be read even when the rest of it cannot. */
export interface KafkaRecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string | null;
}

export type DecodedKafkaRecord =
  | { readonly ok: true; readonly message: KafkaMessage }
  | { readonly ok: false; readonly position: KafkaRecordPosition; readonly reason: string; readonly raw: unknown };

const bytesOf = (values: readonly number[]): Buffer => Buffer.from(values.map((value) => value & 0xff));

/** The position of a record that failed to decode: its own fields where readable, else its group's key. */
const positionOf = (raw: unknown, groupKey: string): KafkaRecordPosition => {
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const dash = groupKey.lastIndexOf('-');
  const topic = typeof record.topic === 'string' && record.topic ? record.topic : dash > 0 ? groupKey.slice(0, dash) : groupKey;
  const partition = PartitionSchema.safeParse(record.partition);
  const offset = OffsetSchema.safeParse(record.offset);
  return {
    topic,
    partition: partition.success ? partition.data : Number(groupKey.slice(dash + 1)) || 0,
    offset: offset.success ? String(offset.data) : null,
  };
};

/** Decodes one record of the event; never throws. */
export const decodeKafkaRecord = (raw: unknown, groupKey = ''): DecodedKafkaRecord => {
  const parsed = KafkaLambdaRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, position: positionOf(raw, groupKey), reason: `the Kafka record cannot be decoded: ${reason}`, raw };
  }
  const record = parsed.data;
  const headers: Record<string, string> = {};
  for (const header of record.headers) {
    for (const [name, bytes] of Object.entries(header)) headers[name] = bytes ? bytesOf(bytes).toString('utf8') : '';
  }
  return {
    ok: true,
    message: {
      topic: record.topic,
      partition: record.partition,
      offset: String(record.offset),
      timestamp: record.timestamp,
      key: typeof record.key === 'string' ? Buffer.from(record.key, 'base64').toString('utf8') : null,
      value: Buffer.from(record.value ?? '', 'base64'),
      headers,
    },
  };
};

/** Every record of the event in delivery order: partitions in turn, offsets ascending within each. */
export const kafkaRecordsOf = (event: Pick<KafkaLambdaEvent, 'records'>): DecodedKafkaRecord[] =>
  Object.entries(event.records).flatMap(([groupKey, records]) => records.map((record) => decodeKafkaRecord(record, groupKey)));
