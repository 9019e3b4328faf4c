import * as z from 'zod';

/**
 * One contract for every dead letter in afterglow, whichever path it failed on: a Kafka record
 * (topic/partition/offset) or an SQS message (queue + message id). The original payload is kept
 * byte for byte so an operator can fix and replay it.
 */
export const DeadLetterSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('kafka'),
    topic: z.string(),
    partition: z.number().int().nonnegative(),
    /** Kafka offsets are int64: text, never a rounded number. */
    offset: z.string().regex(/^\d+$/),
  }),
  z.object({
    kind: z.literal('sqs'),
    queue: z.string(),
    messageId: z.string(),
  }),
]);
export type DeadLetterSource = z.infer<typeof DeadLetterSourceSchema>;

export const DeadLetterV1Schema = z.object({
  schema: z.literal('afterglow.DeadLetter'),
  version: z.literal(1),
  source: DeadLetterSourceSchema,
  /** Which afterglow function gave up on it (`orders`, `feedback`, `recovery`). */
  handler: z.string(),
  /** Why, in words an operator can act on (the validation issues, the error message). */
  reason: z.string().min(1),
  errorName: z.string().nullable(),
  key: z.string().nullable(),
  payload: z.string(),
  payloadEncoding: z.enum(['utf8', 'base64']),
  failedAt: z.iso.datetime({ offset: true }),
});
export type DeadLetterV1 = z.infer<typeof DeadLetterV1Schema>;

/**
 * v2 adds the tenant the record was about, where afterglow could tell (the event's own tenant, else
 * the `tenant/customer` Kafka key, else the SQS message's `tenant-id` attribute), so a tenant can
 * list its own dead letters; null when nothing named one.
 */
export const DeadLetterV2Schema = DeadLetterV1Schema.extend({
  version: z.literal(2),
  tenantId: z.string().min(1).nullable(),
});
export type DeadLetterV2 = z.infer<typeof DeadLetterV2Schema>;

/** Consumers (the redrive, the listings) accept the previous version and the current one. */
export const DeadLetterSchema = z.discriminatedUnion('version', [DeadLetterV1Schema, DeadLetterV2Schema]);
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

/** What the dead-letter sink writes now. */
export const DEAD_LETTER_VERSION = 2;
export const DEAD_LETTER_CONTENT_TYPE = 'application/vnd.afterglow.dead-letter.v2+json';

/** The tenant of a dead letter of either version. */
export const tenantOfDeadLetter = (deadLetter: DeadLetter): string | null => (deadLetter.version === 2 ? deadLetter.tenantId : null);

/** A stable identity for a dead letter's source, so a redelivered poison record is recorded once. */
export const deadLetterSourceKey = (source: DeadLetterSource): string =>
  source.kind === 'kafka'
    ? `kafka:${source.topic}:${source.partition}:${source.offset}`
    : `sqs:${source.queue}:${source.messageId}`;
