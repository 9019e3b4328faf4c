import * as z from 'zod';
import { FeedbackCustomerSchema } from './feedback-event.ts';
import { IssueCategorySchema, ScoreSchema, SentimentSchema } from './feedback-scale.ts';

/**
 * Something went wrong for a customer and a person should hear of it: sent to the SQS recovery
 * queue and worked by the recovery function (triage → case → helpdesk ticket / chat alert).
 * Raised by unhappy or issue-bearing feedback, by operational failures seen on the order stream
 * before any feedback arrives (proactive), and by negative public reviews.
 * Versioned: a new incompatible shape is a new `version` literal in the union below. Producers
 * send v2; consumers read v1 and v2 alike ({@link upgradeRecoverySignal}), so messages already on
 * the queue when a new version is deployed are still worked.
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

/**
 * v2: what happened on the order is told apart — who cancelled (the shop, the customer, or the
 * platform did not say), a full or a partial refund with its amounts (the tenant's triage decides
 * what counts as small), a failed or late delivery — and the order is named as the shop names it.
 */
export const ORDER_FAILURES_V2 = [
  'cancelled_by_merchant',
  'cancelled_by_customer',
  /** Cancelled, and the platform does not say by whom: someone should check. */
  'cancelled_unknown',
  /** Refunded in full: the money is already back with the customer. */
  'refunded_full',
  'refunded_partial',
  'delivery_failed',
  'delivery_late',
  'partially_fulfilled',
] as const;
export const OrderFailureV2Schema = z.enum(ORDER_FAILURES_V2);
export type OrderFailureV2 = z.infer<typeof OrderFailureV2Schema>;

const DecimalTextSchema = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount as text');

export const OrderOriginV2Schema = z.object({
  kind: z.literal('order'),
  eventId: z.string().min(1),
  failure: OrderFailureV2Schema,
  /** The platform's words where it gave some (a cancel reason, a carrier status). */
  detail: z.string().nullable(),
  /** The order's total and what was refunded of it, as the platform reported them. */
  amounts: z
    .object({ currency: z.string().nullable(), orderTotal: DecimalTextSchema.nullable(), refundedTotal: DecimalTextSchema.nullable() })
    .nullable(),
});

export const RecoveryOriginV2Schema = z.discriminatedUnion('kind', [
  RecoveryOriginSchema.options[0],
  OrderOriginV2Schema,
  RecoveryOriginSchema.options[2],
]);
export type RecoveryOriginV2 = z.infer<typeof RecoveryOriginV2Schema>;

export const RecoverySignalV2Schema = RecoverySignalV1Schema.extend({
  version: z.literal(2),
  /** The order as the shop names it to its customers (`#1042`); null when unknown to the producer. */
  orderNumber: z.string().min(1).max(100).nullable(),
  origin: RecoveryOriginV2Schema,
});
export type RecoverySignalV2 = z.infer<typeof RecoverySignalV2Schema>;

/** Every version a consumer reads. */
export const RecoverySignalSchema = z.discriminatedUnion('version', [RecoverySignalV1Schema, RecoverySignalV2Schema]);
export type AnyRecoverySignal = z.infer<typeof RecoverySignalSchema>;
/** The current version: what producers build and what triage reads. */
export type RecoverySignal = RecoverySignalV2;

/** A v1 order failure in v2's words: v1 told refunds apart only in its detail text. */
const failureOfV1 = (failure: OrderFailure, detail: string | null): OrderFailureV2 => {
  if (failure !== 'refunded') return failure;
  return detail?.startsWith('partial refund') ? 'refunded_partial' : 'refunded_full';
};

/** Reads a signal of any version as the current one (v1 carries no order number and no amounts). */
export const upgradeRecoverySignal = (signal: AnyRecoverySignal): RecoverySignal => {
  if (signal.version === 2) return signal;
  const { origin } = signal;
  return {
    ...signal,
    version: 2,
    orderNumber: null,
    origin: origin.kind === 'order' ? { ...origin, failure: failureOfV1(origin.failure, origin.detail), amounts: null } : origin,
  };
};

export const recoverySignalContentType = (signal: Pick<AnyRecoverySignal, 'version'>): string =>
  `application/vnd.afterglow.recovery-signal.v${signal.version}+json`;
