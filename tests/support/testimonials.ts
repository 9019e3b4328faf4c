import type { DisplayNameForm, FeedbackEvent, TestimonialScope } from '../../events/feedback-event.ts';
import type { OrderItem } from '../../events/order-event.ts';
import { testimonialReaction } from '../../lib/advocacy/testimonial-reaction.ts';
import { processKafkaEvent } from '../../lib/batch/process-kafka-event.ts';
import type { FeedbackClassifier } from '../../lib/feedback/classifier-port.ts';
import { handleFeedbackEvents } from '../../lib/feedback/handle-feedback-events.ts';
import { CONSENT_WORDING_VERSION } from '../../lib/i18n/messages.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import type { TestimonialContent } from '../../lib/store/testimonial-repository.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { feedbackBatch } from './feedback-records.ts';
import { lifecycleEvent } from './journey.ts';

/** Sentiment from the score alone: enough to route feedback (the real classifier is not under test here). */
export const scoreOnlyClassifier: FeedbackClassifier = (input) => {
  const score = input.score ?? 5;
  return { sentiment: score >= 9 ? 'happy' : score >= 7 ? 'neutral' : 'unhappy', confidence: 1, issues: [], recovery: false, language: 'en', reasons: [] };
};

/** The feedback function as `functions/feedback.ts` runs it, with the testimonial reaction. */
export const feedbackFunction = (context: AppContext) => (events: readonly FeedbackEvent[]) =>
  processKafkaEvent(feedbackBatch(events), handleFeedbackEvents({ ...context, classify: scoreOnlyClassifier, reactions: [testimonialReaction(context)] }));

/** A shop that may message at any hour (quiet hours would make a test depend on the time of day). */
export const tenantForTestimonials = async (context: AppContext, tenantId: string, ...assignments: string[]) => {
  await changeTenantSettings(tenantId, ['shopName=Acme', 'contact.quietHours=null', 'brand.postalAddress=1 Harbour Street, Bristol', ...assignments], 'test', { tenants: context.tenants });
};

let order = 0;

/** A delivered order of one customer of its own (its own contact budget), stored as the orders function stores it. */
export const deliveredOrder = async (
  context: AppContext,
  tenantId = 'acme',
  changes: { firstName?: string; lastName?: string; items?: OrderItem[]; locale?: string } = {},
) => {
  order += 1;
  const orderId = `7${String(order).padStart(18, '0')}`;
  const customer = {
    key: `c:${orderId}`,
    id: orderId,
    email: `customer-${orderId}@example.com`,
    firstName: changes.firstName ?? 'Ada',
    lastName: changes.lastName ?? 'Lovelace',
    locale: changes.locale ?? null,
  };
  const event = { ...lifecycleEvent(orderId, 'delivered', new Date(Date.now() - 86_400_000).toISOString(), { customer, ...(changes.items ? { items: changes.items } : {}) }), tenantId };
  await context.orders.record(event, 'test');
  return { orderId, customerKey: customer.key, email: customer.email, event };
};

/** The feedback page form as a customer fills it in. */
export const feedbackForm = (answer: { score: number; comment: string; consent?: { scopes: string[]; displayName?: string } }): string => {
  const form = new URLSearchParams({ score: String(answer.score), comment: answer.comment, consentVersion: CONSENT_WORDING_VERSION });
  if (answer.consent) {
    form.set('consent', 'yes');
    for (const scope of answer.consent.scopes) form.append('scope', scope);
    form.set('displayName', answer.consent.displayName ?? 'first_name_last_initial');
  }
  return form.toString();
};

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The path (and query) of a link afterglow handed out, to call on the test server. */
export const pathOf = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

/** The first link to `/c/…` in a message text. */
export const consentLinkIn = (text: string): string => {
  const match = /https?:\/\/\S+\/c\/[A-Za-z0-9_.-]+/.exec(text);
  if (!match) throw new Error(`no consent link in: ${text}`);
  return match[0];
};

let seeded = 0;

/** A testimonial as the store keeps it, with permission granted and (unless told) approved: the export's raw material. */
export const seedTestimonial = async (
  context: AppContext,
  changes: Partial<TestimonialContent> & { scopes?: TestimonialScope[]; displayName?: DisplayNameForm; approve?: boolean } = {},
) => {
  seeded += 1;
  const { scopes, displayName, approve, ...content } = changes;
  const { testimonial } = await context.testimonials.record(
    {
      tenantId: 'acme',
      feedbackId: `fb_seed_${seeded}`,
      orderId: `order-${seeded}`,
      customerKey: `c:seed-${seeded}`,
      firstName: 'Ada',
      lastName: 'Lovelace',
      quote: `Testimonial number ${seeded}: lovely teapot, quick delivery.`,
      language: 'en',
      score: 10,
      scale: 'nps',
      products: [{ productId: '921728736', variantId: '447654529', sku: 'TEAPOT-1', title: 'Teapot' }],
      verifiedPurchase: true,
      incentivised: false,
      submittedAt: new Date('2026-10-01T12:00:00.000Z'),
      ...content,
    },
    {
      consent: {
        granted: true,
        wording: 'I agree that Acme may publish my comment…',
        wordingVersion: CONSENT_WORDING_VERSION,
        locale: 'en',
        scopes: scopes ?? ['website', 'social'],
        displayName: displayName ?? 'first_name_last_initial',
        recordedAt: new Date().toISOString(),
      },
      channel: 'feedback_page',
    },
  );
  if (!testimonial) throw new Error('not recorded');
  if (approve !== false) await context.testimonials.review(testimonial.tenantId, testimonial.id, 'approved', null, new Date());
  return testimonial;
};
