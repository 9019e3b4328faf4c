import type { RecoverySignal } from '../../events/recovery-signal.ts';
import { InvalidPayloadError, UpstreamUnavailableError } from '../errors.ts';
import { MAX_WEBHOOK_BODY_BYTES, type WebhookReply } from '../intake/receive-order-webhook.ts';
import type { Logger } from '../logger.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { ReviewRepository, StoredReview } from '../store/review-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { RecoveryQueue } from '../transport/recovery-queue.ts';
import type { FeedbackClassification, FeedbackClassifier } from '../feedback/classifier-port.ts';
import { classifyFeedback } from '../feedback/classify.ts';
import { needsRecovery } from '../feedback/routing-decision.ts';
import { categoriesInWords, reviewPlatformInWords } from '../recovery/signal-wording.ts';
import { firstPartyIncentive } from '../advocacy/review-destinations.ts';
import { isReviewSource, REVIEW_SOURCES, type IncomingReview, type ReviewWebhookRequest } from './review-sources.ts';

export interface ReviewWebhookDelivery extends ReviewWebhookRequest {
  readonly source: string;
  readonly tenantId: string;
}

export interface ReceiveReviewWebhookDeps {
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly orders: Pick<OrderRepository, 'find'>;
  readonly reviews: ReviewRepository;
  readonly recoveryQueue: Pick<RecoveryQueue, 'send'>;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** The feedback classifier (default: the one the feedback function runs). */
  readonly classify?: FeedbackClassifier;
}

const reply = (status: number, body: Record<string, unknown>, headers?: Record<string, string>): WebhookReply =>
  headers ? { status, body, headers } : { status, body };

/** Who wrote it: the invited order's customer, else a known customer by email, else the reviewer on the platform. */
const authorOf = async (review: IncomingReview, source: string, tenant: Tenant, deps: ReceiveReviewWebhookDeps) => {
  const order = review.referenceId ? await deps.orders.find(tenant.id, review.referenceId) : null;
  if (order) {
    return {
      orderId: order.orderId,
      orderNumber: order.orderNumber,
      customer: {
        key: order.customerKey,
        email: order.customer.email,
        phone: order.customer.phone,
        firstName: order.customer.firstName,
        lastName: order.customer.lastName,
      },
    };
  }
  const byEmail = review.reviewerEmail ? await deps.reviews.customerKeyByEmail(tenant.id, review.reviewerEmail) : null;
  const key = byEmail ?? (review.reviewerEmail ? `e:${review.reviewerEmail}` : `r:${source}:${review.reviewId}`);
  return {
    orderId: null,
    orderNumber: null,
    customer: { key, email: review.reviewerEmail, phone: null, firstName: review.reviewerName, lastName: null },
  };
};

/**
 * A review read like feedback: its stars and words through the classifier the feedback function
 * runs, so the problems it names (and how urgent they are) come from what the customer wrote.
 */
export const readReview = (review: IncomingReview, classify: FeedbackClassifier): FeedbackClassification => {
  const words = [review.title, review.text].map((part) => part?.trim()).filter(Boolean);
  // "Broken" then "No reply to my emails" read as two sentences, not one run-on phrase.
  const comment = words.map((part) => (/[.!?…]$/.test(part ?? '') ? part : `${part}.`)).join(' ');
  return classify({
    ...(review.rating !== null ? { score: Math.min(5, Math.max(1, review.rating)), scale: 'stars' as const } : {}),
    ...(comment ? { comment } : {}),
    ...(review.language ? { locale: review.language } : {}),
  });
};

const reviewSignalOf = (
  review: IncomingReview,
  source: string,
  author: Awaited<ReturnType<typeof authorOf>>,
  classification: FeedbackClassification,
  tenant: Tenant,
  now: Date,
): RecoverySignal => ({
  schema: 'afterglow.RecoverySignal',
  version: 2,
  signalId: `review:${source}:${review.reviewId}`,
  tenantId: tenant.id,
  orderId: author.orderId,
  orderNumber: author.orderNumber,
  customer: author.customer,
  origin: {
    kind: 'review',
    platform: source,
    reviewId: review.reviewId,
    rating: review.rating === null ? null : { value: review.rating, scale: 'stars' },
    title: review.title,
    text: review.text,
    url: review.url,
  },
  issues: [...classification.issues],
  summary: `${review.rating === null ? 'Unrated' : `${review.rating}-star`} ${reviewPlatformInWords(source)} review: ${
    categoriesInWords(classification.issues) || 'unhappy customer'
  }`.slice(0, 300),
  occurredAt: review.postedAt ?? now.toISOString(),
  raisedAt: now.toISOString(),
});

/**
 * A review platform's webhook, in the order webhooks' order: unknown source or tenant (or a
 * source the tenant has not set up) 404, body over 1 MB 413, bad credentials or signature 401,
 * unparseable 400, the recovery queue failing 503 (the platform retries), nothing new 200,
 * accepted 202. Each review is stored once (source + review id) and read like feedback (stars and
 * words through the classifier); one the feedback function would route to recovery (unhappy, or a
 * problem a person must act on under any stars), or at or below the tenant's star threshold,
 * raises a RecoverySignal carrying the issues found and the customer's words. It is marked sent
 * only once the signal is on the queue, so a retry after a 503 sends it then.
 */
export const receiveReviewWebhook = async (delivery: ReviewWebhookDelivery, deps: ReceiveReviewWebhookDeps): Promise<WebhookReply> => {
  if (!isReviewSource(delivery.source)) return reply(404, { error: `unknown review source ${delivery.source}` });
  const source = REVIEW_SOURCES[delivery.source];
  const tenant = await deps.tenants.findById(delivery.tenantId);
  if (!tenant || !source.isConfigured(tenant.settings)) {
    return reply(404, { error: `no tenant ${delivery.tenantId} receiving ${delivery.source} reviews` });
  }
  if (delivery.body.length > MAX_WEBHOOK_BODY_BYTES) return reply(413, { error: `body over ${MAX_WEBHOOK_BODY_BYTES} bytes` });
  const refusal = source.verify(delivery, tenant.settings);
  if (refusal) return reply(401, { error: refusal });
  let parsed;
  try {
    parsed = source.parse(delivery);
  } catch (error) {
    if (error instanceof InvalidPayloadError) return reply(400, { error: error.message });
    throw error;
  }
  if (parsed.outcome === 'ignored') return reply(200, { status: 'ignored', reason: parsed.reason });

  const log = deps.logger.child({ tenantId: tenant.id, source: delivery.source });
  const accepted: string[] = [];
  const signalled: string[] = [];
  try {
    for (const incoming of parsed.reviews) {
      const now = deps.clock();
      const author = await authorOf(incoming, delivery.source, tenant, deps);
      const classification = readReview(incoming, deps.classify ?? ((input) => classifyFeedback(input)));
      // The feedback function's own predicate, widened (never narrowed) by the tenant's star threshold.
      const negative = incoming.rating !== null && incoming.rating <= tenant.settings.reviewWebhooks.negativeAtOrBelow;
      const signal = negative || needsRecovery(classification) ? reviewSignalOf(incoming, delivery.source, author, classification, tenant, now) : null;
      const { created, review } = await deps.reviews.record({
        tenantId: tenant.id,
        source: delivery.source,
        reviewId: incoming.reviewId,
        rating: incoming.rating,
        title: incoming.title,
        body: incoming.text,
        reviewerName: incoming.reviewerName,
        reviewerEmail: incoming.reviewerEmail,
        referenceId: incoming.referenceId,
        orderId: author.orderId,
        customerKey: author.customer.key,
        url: incoming.url,
        language: incoming.language,
        postedAt: incoming.postedAt ? new Date(incoming.postedAt) : null,
        receivedAt: now,
        signalId: signal?.signalId ?? null,
        incentivised: delivery.source === 'first_party' && firstPartyIncentive(tenant.settings) !== null,
        payload: incoming,
      });
      if (created) accepted.push(review.reviewId);
      if (signal && owesSignal(review)) {
        await deps.recoveryQueue.send(signal);
        await deps.reviews.markSignalSent(tenant.id, delivery.source, review.reviewId, deps.clock());
        signalled.push(signal.signalId);
      }
    }
  } catch (error) {
    if (error instanceof UpstreamUnavailableError) {
      log.warn('recovery queue unavailable; the platform will retry', { error });
      return reply(503, { error: error.message }, { 'retry-after': '10' });
    }
    throw error;
  }
  log.info('reviews received', { accepted, signalled });
  if (accepted.length === 0 && signalled.length === 0) return reply(200, { status: 'duplicate' });
  return reply(202, { status: 'accepted', reviews: accepted, recoverySignals: signalled });
};

const owesSignal = (review: StoredReview): boolean => review.signalId !== null && review.signalSentAt === null;
