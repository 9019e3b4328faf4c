import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  DisplayNameFormSchema,
  MAX_COMMENT_LENGTH,
  TestimonialScopeSchema,
  type FeedbackCustomer,
} from '../../events/feedback-event.ts';
import { FeedbackScaleSchema, scoreProblem } from '../../events/feedback-scale.ts';
import { InvalidRequestError, NotFoundError } from '../errors.ts';
import { parseJsonLosslessly } from '../json/parse-json-losslessly.ts';
import { customerKeyOf, normaliseEmail } from '../platforms/normalise-helpers.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { submitFeedback, type SubmitFeedbackDeps, type SubmittedFeedback } from './submit-feedback.ts';
import { isStorableInstant } from '../http/request-params.ts';

/**
 * `POST /api/feedback`: feedback from other sources (a survey tool, a helpdesk CSAT, a review
 * platform), validated as strictly as the page. `externalId` makes a caller's retries and later
 * edits land on one feedback (a new revision only when something changed).
 */
const text = (max: number) => z.string().trim().min(1).max(max);

export const FeedbackApiBodySchema = z
  .strictObject({
    externalId: text(200).optional(),
    orderId: text(200).optional(),
    customer: z
      .strictObject({
        id: z.union([text(200), z.number().int()]).transform(String).optional(),
        email: z.email().optional(),
        phone: text(40).optional(),
        firstName: text(120).optional(),
        lastName: text(120).optional(),
      })
      .optional(),
    score: z.number().optional(),
    /** The scale of `score`; the tenant's own when left out. */
    scale: FeedbackScaleSchema.optional(),
    comment: z
      .string()
      .max(MAX_COMMENT_LENGTH, `comment is longer than ${MAX_COMMENT_LENGTH} characters; shorten it`)
      .optional(),
    locale: text(35).optional(),
    /** Where it came from, in the caller's words (`typeform`, `zendesk_csat`). */
    source: text(80).optional(),
    stage: text(60).optional(),
    testimonialConsent: z
      .strictObject({
        granted: z.boolean(),
        wording: text(2000),
        wordingVersion: text(40),
        locale: text(35),
        scopes: z.array(TestimonialScopeSchema),
        displayName: DisplayNameFormSchema,
        recordedAt: z.iso.datetime({ offset: true }).refine((text) => isStorableInstant(new Date(text)), 'is a time from 1970 to 9999').optional(),
      })
      .optional(),
  })
  .refine((body) => body.score !== undefined || (body.comment ?? '').trim() !== '', {
    message: 'send a score, a comment, or both',
  });
export type FeedbackApiBody = z.infer<typeof FeedbackApiBodySchema>;

export interface FeedbackApiDeps extends SubmitFeedbackDeps {
  readonly orders: Pick<OrderRepository, 'find'>;
}

const problemsOf = (error: z.ZodError) =>
  error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');

const customerFrom = async (deps: FeedbackApiDeps, tenant: Tenant, body: FeedbackApiBody): Promise<FeedbackCustomer> => {
  const order = body.orderId ? await deps.orders.find(tenant.id, body.orderId) : null;
  if (order) {
    const { email, phone, firstName, lastName } = order.customer;
    return { key: order.customerKey, email, phone, firstName, lastName };
  }
  const given = body.customer;
  const email = normaliseEmail(given?.email);
  if (!given || (!given.id && !email && !given.phone)) {
    throw body.orderId
      ? new NotFoundError(`no order ${body.orderId} for this tenant yet; send the customer (id, email or phone) or retry once the order has arrived`)
      : new InvalidRequestError('send an orderId or a customer with an id, email or phone');
  }
  const key = given.id || email ? customerKeyOf({ customerId: given.id ?? null, email, orderId: '' }) : `p:${given.phone}`;
  return { key, email, phone: given.phone ?? null, firstName: given.firstName ?? null, lastName: given.lastName ?? null };
};

export const receiveApiFeedback = async (deps: FeedbackApiDeps, tenant: Tenant, rawBody: Buffer): Promise<SubmittedFeedback> => {
  // Ids keep every digit: a Shopify customer id sent as a JSON number is above 2^53.
  const parsed = FeedbackApiBodySchema.safeParse(parseJsonLosslessly(rawBody.toString('utf8')));
  if (!parsed.success) throw new InvalidRequestError(problemsOf(parsed.error));
  const body = parsed.data;
  const scale = body.scale ?? tenant.settings.feedback.scale;
  if (body.score !== undefined) {
    const problem = scoreProblem(body.score, scale);
    if (problem) throw new InvalidRequestError(`score: ${problem}`);
  }
  const customer = await customerFrom(deps, tenant, body);
  const now = deps.clock().toISOString();
  const submitted = await submitFeedback(deps, {
    tenantId: tenant.id,
    source: 'api',
    sourceDetail: body.source ?? null,
    sourceKey: body.externalId ?? randomUUID(),
    orderId: body.orderId ?? null,
    customer,
    stage: body.stage ?? null,
    answer: {
      score: body.score === undefined ? null : { value: body.score, scale },
      comment: body.comment?.trim() || null,
      locale: body.locale ?? null,
      testimonialConsent: body.testimonialConsent ? { ...body.testimonialConsent, recordedAt: body.testimonialConsent.recordedAt ?? now } : null,
    },
  });
  if (!submitted) throw new Error('feedback could not be stored');
  return submitted;
};
