import { z } from 'zod';
import { FeedbackCustomerSchema } from './feedback-event.ts';
import { IssueCategorySchema, ScoreSchema, SentimentSchema } from './feedback-scale.ts';

/**
 * Something went wrong for a customer and a person should hear of it: sent to the SQS recovery
 * queue and worked by the recovery function (triage → case → helpdesk ticket / chat alert).
 * Raised by unhappy or issue-bearing feedback, by operational failures seen on the order stream
 * before any feedback arrives (proactive), and by negative public reviews.
 * Versioned: a new incompatible shape is a new `version` literal in the union below.
 */

const InstantSchema = z.iso.datetime({ offset: true });

/** Operational failures the order stream shows, raised before the customer has to complain. */
export const ORDER_FAILURES = [
  'cancelled_by_merchant',
  'refunded',
  'delivery_failed',
  'delivery_late',
  'partially_fulfilled',
] as const;
export const OrderFailureSchema = z.enum(ORDER_FAILURES);
export type OrderFailure = z.infer<typeof OrderFailureSchema>;

export const RecoveryOriginSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('feedback'),
    feedbackId: z.string().min(1),
    revision: z.number().int().min(1),
    sentiment: SentimentSchema,
    score: ScoreSchema.nullable(),
    comment: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('order'),
    eventId: z.string().min(1),
    failure: OrderFailureSchema,
    /** The platform's words where it gave some (a cancel reason, a carrier status). */
    detail: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('review'),
    /** The review platform (`trustpilot`, `google`, `first_party`). */
    platform: z.string().min(1),
    reviewId: z.string().min(1),
    rating: ScoreSchema.nullable(),
    title: z.string().nullable(),
    text: z.string().nullable(),
    url: z.string().nullable(),
  }),
]);
export type RecoveryOrigin = z.infer<typeof RecoveryOriginSchema>;

export const RecoverySignalV1Schema = z.object({
  schema: z.literal('afterglow.RecoverySignal'),
  version: z.literal(1),
  /**
   * Stable id of what raised it (`feedback:<id>:<revision>`, `order:<order id>:<failure>`,
   * `review:<platform>:<id>`): a redelivered signal is recognised and joins its case once.
   */
  signalId: z.string().min(1).max(400),
  tenantId: z.string().min(1),
  orderId: z.string().min(1).max(200).nullable(),
  customer: FeedbackCustomerSchema,
  origin: RecoveryOriginSchema,
  /** The problems named (classifier categories); may be empty for a plainly unhappy score. */
  issues: z.array(IssueCategorySchema),
  /** One line a person reads first (a ticket subject). */
  summary: z.string().min(1).max(300),
  /** When the thing happened (feedback submitted, order event time, review posted). */
  occurredAt: InstantSchema,
  raisedAt: InstantSchema,
});
export type RecoverySignalV1 = z.infer<typeof RecoverySignalV1Schema>;

export const RecoverySignalSchema = z.discriminatedUnion('version', [RecoverySignalV1Schema]);
export type RecoverySignal = z.infer<typeof RecoverySignalSchema>;
