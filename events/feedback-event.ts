import * as z from 'zod';
import { ScoreSchema } from './feedback-scale.ts';

/**
 * A customer's answer, published on `afterglow.feedback` by the feedback page and the feedback
 * API and consumed by the feedback function (classification → advocacy / recovery).
 * Versioned: a new incompatible shape is a new `version` literal in the union below.
 *
 * One feedback has a stable `feedbackId`; each submission of it is a new `revision` (1, 2, …).
 * Consumers keep the highest revision they have seen and ignore older or repeated ones, so a
 * redelivered or out-of-order event changes nothing.
 */

const InstantSchema = z.iso.datetime({ offset: true });

/** Longest comment afterglow keeps; the page and the API refuse longer ones and say so. */
export const MAX_COMMENT_LENGTH = 5000;

export const TESTIMONIAL_SCOPES = ['website', 'social', 'ads'] as const;
export const TestimonialScopeSchema = z.enum(TESTIMONIAL_SCOPES);
export type TestimonialScope = z.infer<typeof TestimonialScopeSchema>;

/** How the customer's name may be shown next to their words. */
export const DISPLAY_NAME_FORMS = ['full_name', 'first_name_last_initial', 'first_name', 'anonymous'] as const;
export const DisplayNameFormSchema = z.enum(DISPLAY_NAME_FORMS);
export type DisplayNameForm = z.infer<typeof DisplayNameFormSchema>;

/**
 * What the customer agreed to, exactly as it was put to them: the wording shown, its version and
 * language, the scopes granted and the name form. `granted: false` records a refusal or a revocation.
 */
export const TestimonialConsentSchema = z.object({
  granted: z.boolean(),
  wording: z.string().min(1).max(2000),
  wordingVersion: z.string().min(1).max(40),
  locale: z.string().min(2).max(35),
  scopes: z.array(TestimonialScopeSchema),
  displayName: DisplayNameFormSchema,
  recordedAt: InstantSchema,
});
export type TestimonialConsent = z.infer<typeof TestimonialConsentSchema>;

export const FEEDBACK_SOURCES = ['feedback_page', 'api'] as const;
export const FeedbackSourceSchema = z.enum(FEEDBACK_SOURCES);
export type FeedbackSource = z.infer<typeof FeedbackSourceSchema>;

export const FeedbackCustomerSchema = z.object({
  /** The order stream's customer key (`c:<id>`, `e:<email>`, `o:<order id>`): one person per tenant. */
  key: z.string().min(3),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
});
export type FeedbackCustomer = z.infer<typeof FeedbackCustomerSchema>;

export const FeedbackEventV1Schema = z.object({
  schema: z.literal('afterglow.FeedbackEvent'),
  version: z.literal(1),
  /** Stable across revisions: `fb_…`. */
  feedbackId: z.string().min(1).max(200),
  /** 1 for the first submission, +1 for each revision; consumers keep the highest. */
  revision: z.number().int().min(1),
  tenantId: z.string().min(1),
  source: FeedbackSourceSchema,
  /** Where an API submission came from, in the caller's words (`typeform`, `zendesk_csat`). */
  sourceDetail: z.string().max(80).nullable(),
  /** The order asked about; null for feedback the API received without one. */
  orderId: z.string().min(1).max(200).nullable(),
  customer: FeedbackCustomerSchema,
  /** Which ask it answers (`feedback_request`, `recovery_follow_up`), for satisfaction per journey stage. */
  stage: z.string().max(60).nullable(),
  score: ScoreSchema.nullable(),
  comment: z.string().max(MAX_COMMENT_LENGTH).nullable(),
  /** The customer's language as the page or the caller knew it (BCP-47). */
  locale: z.string().max(35).nullable(),
  testimonialConsent: TestimonialConsentSchema.nullable(),
  /** When this revision was submitted, and when the first one was. */
  submittedAt: InstantSchema,
  firstSubmittedAt: InstantSchema,
});
export type FeedbackEventV1 = z.infer<typeof FeedbackEventV1Schema>;

export const FeedbackEventSchema = z.discriminatedUnion('version', [FeedbackEventV1Schema]);
export type FeedbackEvent = z.infer<typeof FeedbackEventSchema>;

export const FEEDBACK_EVENT_CONTENT_TYPE = 'application/vnd.afterglow.feedback-event.v1+json';

/** The Kafka key: one customer's feedback stays in order, on the same key as their orders. */
export const feedbackEventKey = (event: Pick<FeedbackEvent, 'tenantId' | 'customer'>): string =>
  `${event.tenantId}/${event.customer.key}`;
