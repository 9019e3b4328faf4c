import type { FeedbackEvent } from '../../events/feedback-event.ts';
import type { StoredOrder } from '../store/order-repository.ts';
import type { TestimonialContent, TestimonialProduct } from '../store/testimonial-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';

/** The products a testimonial speaks for: what the customer kept of the order. */
const productsOf = (order: StoredOrder | null): TestimonialProduct[] =>
  (order?.items ?? [])
    .filter((item) => item.quantity - item.refundedQuantity > 0)
    .map((item) => ({ productId: item.productId, variantId: item.variantId, sku: item.sku, title: item.title }));

/**
 * What a testimonial says, from the feedback's latest revision, the order it answers (when
 * afterglow saw it: a verified purchase) and the tenant's settings at the time (pure).
 */
export const testimonialContentOf = (event: FeedbackEvent, order: StoredOrder | null, tenant: Tenant): TestimonialContent => ({
  tenantId: event.tenantId,
  feedbackId: event.feedbackId,
  orderId: event.orderId,
  customerKey: event.customer.key,
  firstName: event.customer.firstName ?? order?.customer.firstName ?? null,
  lastName: event.customer.lastName ?? order?.customer.lastName ?? null,
  quote: event.comment?.trim() ?? '',
  language: event.locale,
  score: event.score?.value ?? null,
  scale: event.score?.scale ?? null,
  products: productsOf(order),
  verifiedPurchase: order !== null,
  incentivised: tenant.settings.testimonials.incentivised,
  submittedAt: new Date(event.submittedAt),
});
