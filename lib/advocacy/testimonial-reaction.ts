import type { FeedbackReaction } from '../feedback/handle-feedback-events.ts';
import type { Logger } from '../logger.ts';
import type { ClassifiedFeedback } from '../store/classification-repository.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { OutreachRepository } from '../store/outreach-repository.ts';
import type { ConsentChannel, TestimonialRepository } from '../store/testimonial-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { confirmTestimonialConsent, requestTestimonial } from './testimonial-asks.ts';
import { testimonialContentOf } from './testimonial-content.ts';

export interface TestimonialReactionDeps {
  readonly testimonials: Pick<TestimonialRepository, 'record' | 'findByFeedback'>;
  readonly outreach: Pick<OutreachRepository, 'schedule' | 'withdrawPending'>;
  readonly orders: Pick<OrderRepository, 'find'>;
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly newId?: () => string;
}

const CHANNEL_OF_SOURCE: Readonly<Record<ClassifiedFeedback['event']['source'], ConsentChannel>> = { feedback_page: 'feedback_page', api: 'api' };

/**
 * The feedback function's testimonial step, on the latest revision of each feedback:
 * `consented` / `revoked` records the permission (a grant is confirmed with a revoke link);
 * `request` asks a happy customer who commented, once per feedback; and a testimonial that exists
 * follows the customer's latest words whatever the routing. Idempotent: a redelivered revision
 * records nothing new (permissions are ordered by the time the customer gave them) and schedules
 * nothing twice (asks are once per key).
 */
export const testimonialReaction =
  (deps: TestimonialReactionDeps): FeedbackReaction =>
  async (routed) => {
    for (const feedback of routed) await reactTo(feedback, deps);
  };

const reactTo = async ({ event, routing }: ClassifiedFeedback, deps: TestimonialReactionDeps) => {
  const tenant = await deps.tenants.findById(event.tenantId);
  if (!tenant) return;
  const decision = routing.testimonial;
  if (decision !== 'request' && event.orderId) {
    // Answered on the page, or no longer someone to ask: a pending request would be out of place.
    await deps.outreach.withdrawPending(event.tenantId, event.orderId, `testimonial ${decision === 'none' ? 'no longer asked for' : decision}`, ['testimonial_request'], deps.clock());
  }
  const existing = await deps.testimonials.findByFeedback(event.tenantId, event.feedbackId);
  if (decision === 'request' && !existing) {
    await requestTestimonial(deps, event);
    return;
  }
  const consent = (decision === 'consented' || decision === 'revoked') && event.testimonialConsent ? { consent: event.testimonialConsent, channel: CHANNEL_OF_SOURCE[event.source] } : null;
  if (!existing && !consent) return;
  const order = event.orderId ? await deps.orders.find(event.tenantId, event.orderId) : null;
  const { testimonial, consentRecorded } = await deps.testimonials.record(testimonialContentOf(event, order, tenant), consent);
  if (testimonial && consentRecorded?.granted) await confirmTestimonialConsent(deps, testimonial, consentRecorded, deps.clock());
  if (consentRecorded) {
    deps.logger.info('testimonial permission recorded', { tenantId: event.tenantId, feedbackId: event.feedbackId, granted: consentRecorded.granted });
  }
};
