import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../events/order-event.ts';
import { processKafkaEvent } from '../../lib/batch/process-kafka-event.ts';
import type { FeedbackClassifier } from '../../lib/feedback/classifier-port.ts';
import { handleFeedbackEvents } from '../../lib/feedback/handle-feedback-events.ts';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { feedbackReactions } from '../../lib/runtime/reactions.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { feedbackBatch, feedbackEventFactory } from '../support/feedback-records.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const scoreClassifier: FeedbackClassifier = (input) => ({
  sentiment: (input.score ?? 5) >= 9 ? 'happy' : 'unhappy',
  confidence: 1,
  issues: [],
  recovery: false,
  language: 'en',
  reasons: [],
});

const ADA = { key: 'c:100', id: '100', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };
const ADA_ADDRESS = 'f00dfeedf00dfeedf00dfeedf00dfeed';

/** A friend's order as the order webhooks deliver it, carrying the code one way or the other. */
const referredOrder = (
  orderId: string,
  kind: OrderEvent['kind'],
  occurredAt: string,
  friend: Partial<OrderEvent['customer']>,
  order: Partial<OrderEvent['order']> = {},
): OrderEvent => {
  const event = lifecycleEvent(orderId, kind, occurredAt, { customer: friend });
  return { ...event, order: { ...event.order, total: '50.00', placedAt: '2026-11-20T10:00:00.000Z', shippingAddressKey: `addr-${orderId}`, ...order } };
};

/**
 * Referrals for happy customers: a code and link each, a friend's order attributed by its
 * discount code or landing link, refused when it is the advocate again or no new customer,
 * held for the return window, then granted — or clawed back on a refund.
 */
describe('referrals', () => {
  let database: TestDatabase;
  let app: TestApp;
  let code = '';

  const answer = async (orderId: string, customerKey: string, score: number, feedbackId: string) => {
    const event = feedbackEventFactory({ feedbackId, revision: 1, tenantId: 'acme', orderId, customer: { key: customerKey, email: null, phone: null, firstName: null, lastName: null }, score: { value: score, scale: 'nps' }, comment: 'Great', testimonialConsent: null, submittedAt: '2026-11-05T10:00:00.000Z' });
    await processKafkaEvent(feedbackBatch([event]), handleFeedbackEvents({ ...app.context, classify: scoreClassifier, reactions: feedbackReactions(app.context) }));
  };
  const referralOf = (orderId: string) => app.context.referrals.find('acme', orderId);

  beforeAll(async () => {
    database = await createTestDatabase('referrals');
    app = await startTestApp({ DATABASE_URL: database.url, PUBLIC_BASE_URL: 'https://ag.example.com' }, { runSchedules: false });
    await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' });
    await changeTenantSettings(
      'acme',
      ['shopName="Acme"', 'contact.quietHours=null', 'consent.mode=all_customers', 'referrals.advocateReward="€10 store credit"', 'referrals.friendReward="15% off"', 'referrals.minimumOrderValue="30.00"', 'referrals.returnWindowDays=30', 'referrals.landingUrl="https://acme.example/"', 'referrals.enabled=true', 'brand.postalAddress=1 Harbour Street, Bristol'],
      'test',
      { tenants: app.context.tenants },
    );
    const adaOrder = lifecycleEvent('8100', 'delivered', '2026-11-01T09:00:00.000Z', { customer: ADA });
    await deliverToOrdersFunction([{ ...adaOrder, order: { ...adaOrder.order, shippingAddressKey: ADA_ADDRESS } }]);
    await deliverToOrdersFunction([lifecycleEvent('8200', 'delivered', '2026-11-01T09:00:00.000Z', { customer: { key: 'c:200', id: '200', email: 'grace@example.com', firstName: 'Grace' } })]);
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('refuses to switch referrals on without a reward on both sides', async () => {
    await expect(changeTenantSettings('acme', ['referrals.friendReward=null'], 'test', { tenants: app.context.tenants })).rejects.toThrow('double-sided');
  });

  it('a happy customer gets a code and an invitation to refer; an unhappy one does not', async () => {
    // Act
    await answer('8100', 'c:100', 10, 'fb_ada');
    await answer('8200', 'c:200', 3, 'fb_grace');
    // Two runs a week apart: the feedback request and the referral invitation share Ada's budget.
    const runs = [await runDispatch(app.context, new Date('2026-11-16T10:00:00.000Z')), await runDispatch(app.context, new Date('2026-11-23T10:00:00.000Z'))];
    // Assess
    code = (await app.context.referrals.codeOf('acme', 'c:100')) ?? '';
    expect(code).toMatch(/^ADA-[A-Z2-9]{6}$/);
    expect(await app.context.referrals.codeOf('acme', 'c:200')).toBeNull();
    const invitations = (await app.context.outbox.list('acme', { limit: 500 })).filter((entry) => entry.message.tag === 'referral_invitation');
    expect(invitations.map((entry) => entry.recipient)).toEqual(['ada@example.com']);
    const text = (invitations[0]?.message as { text: string }).text;
    expect(text).toContain(`https://ag.example.com/r/${code}`);
    expect(text).toContain('they get 15% off on their first order, and you get €10 store credit');
    expect(runs.map((run) => run.postponed)).toEqual([1, 0]);
  });

  it('the referral link records the visit and lands on the shop with the code', async () => {
    const response = await fetch(`${app.url}/r/${code.toLowerCase()}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`https://acme.example/?ref=${code}`);
    const [visit] = await app.context.db.query<{ code: string }>('SELECT code FROM referral_visits');
    expect(visit?.code).toBe(code);
    expect((await fetch(`${app.url}/r/NOBODY-XXXXXX`, { redirect: 'manual' })).status).toBe(404);
  });

  it('attributes a friend’s order by landing link or discount code, and refuses each kind of fraud', async () => {
    // Prepare
    await deliverToOrdersFunction([lifecycleEvent('8300', 'delivered', '2026-10-01T09:00:00.000Z', { customer: { key: 'c:300', id: '300', email: 'old@example.com', firstName: 'Old' } })]);
    const byLanding = { landingSite: `/products/mug?ref=${code}&utm_source=email` };
    const byDiscount = { discountCodes: [code.toLowerCase()] };
    // Act
    await deliverToOrdersFunction([
      referredOrder('9001', 'placed', '2026-11-20T10:00:00.000Z', { key: 'c:901', id: '901', email: 'friend@example.com', firstName: 'Mary', lastName: 'Somerville' }, byLanding),
      referredOrder('9002', 'placed', '2026-11-20T10:00:00.000Z', { key: 'c:902', id: '902', email: 'ADA@example.com', firstName: 'A', lastName: 'L' }, byDiscount),
      referredOrder('9003', 'placed', '2026-11-20T10:00:00.000Z', { key: 'c:903', id: '903', email: 'ada.l@example.com', firstName: 'Ada', lastName: 'Lovelace' }, byDiscount),
      referredOrder('9004', 'placed', '2026-11-20T10:00:00.000Z', { key: 'c:904', id: '904', email: 'neighbour@example.com', firstName: 'Ned', lastName: 'Ludd' }, { ...byDiscount, shippingAddressKey: ADA_ADDRESS }),
      referredOrder('9005', 'placed', '2026-11-20T10:00:00.000Z', { key: 'c:300', id: '300', email: 'old@example.com', firstName: 'Old', lastName: 'Customer' }, byDiscount),
      referredOrder('9006', 'placed', '2026-11-20T10:00:00.000Z', { key: 'c:906', id: '906', email: 'small@example.com', firstName: 'Sam', lastName: 'All' }, { ...byDiscount, total: '20.00' }),
      referredOrder('9007', 'placed', '2026-11-20T10:00:00.000Z', ADA, byDiscount),
      referredOrder('9008', 'placed', '2026-11-20T10:00:00.000Z', { key: 'c:908', id: '908', email: 'other@example.com', firstName: 'Olive', lastName: 'Tree' }, { discountCodes: ['SUMMER10'] }),
    ]);
    // Assess
    expect(await referralOf('9001')).toMatchObject({ state: 'held', attributedVia: 'landing', code, advocateKey: 'c:100', friendKey: 'c:901', qualifiesAt: null });
    expect(await referralOf('9002')).toMatchObject({ state: 'refused', reason: 'self-referral: same email as the advocate' });
    expect(await referralOf('9003')).toMatchObject({ state: 'refused', reason: 'self-referral: same name as the advocate' });
    expect(await referralOf('9004')).toMatchObject({ state: 'refused', reason: 'self-referral: same address as the advocate' });
    expect(await referralOf('9005')).toMatchObject({ state: 'refused', reason: 'the referred customer is not new: they ordered before' });
    expect(await referralOf('9006')).toMatchObject({ state: 'refused', reason: 'the order total 20.00 is below the minimum of 30.00' });
    expect(await referralOf('9007')).toMatchObject({ state: 'refused', reason: 'self-referral: the advocate ordered with their own code' });
    expect(await referralOf('9008')).toBeNull();
  });

  it('holds the reward for the return window after delivery, then grants it; a later refund claws it back', async () => {
    // Act
    await deliverToOrdersFunction([referredOrder('9001', 'delivered', '2026-11-25T10:00:00.000Z', { key: 'c:901', id: '901', email: 'friend@example.com', firstName: 'Mary', lastName: 'Somerville' })]);
    const early = await runDispatch(app.context, new Date('2026-12-25T09:59:00.000Z'));
    const due = await runDispatch(app.context, new Date('2026-12-25T10:00:00.000Z'));
    // Assess
    expect(early.rewardsGranted).toBe(0);
    expect(due.rewardsGranted).toBe(1);
    expect(await referralOf('9001')).toMatchObject({ state: 'granted', grantedAt: new Date('2026-12-25T10:00:00.000Z') });
    await deliverToOrdersFunction([referredOrder('9001', 'refunded', '2027-01-02T10:00:00.000Z', { key: 'c:901', id: '901', email: 'friend@example.com' })]);
    expect(await referralOf('9001')).toMatchObject({ state: 'clawed_back', reason: 'the referred order was refunded' });
  });

  it('a refund during the holding period cancels the reward before it is granted', async () => {
    await deliverToOrdersFunction([
      referredOrder('9010', 'placed', '2026-11-21T10:00:00.000Z', { key: 'c:910', id: '910', email: 'new@example.com', firstName: 'Nina', lastName: 'New' }, { discountCodes: [code] }),
      referredOrder('9010', 'delivered', '2026-11-24T10:00:00.000Z', { key: 'c:910', id: '910', email: 'new@example.com' }),
      referredOrder('9010', 'refunded', '2026-11-30T10:00:00.000Z', { key: 'c:910', id: '910', email: 'new@example.com' }),
    ]);
    const run = await runDispatch(app.context, new Date('2027-01-30T10:00:00.000Z'));
    expect(await referralOf('9010')).toMatchObject({ state: 'cancelled', reason: 'the referred order was refunded', grantedAt: null });
    expect(run.rewardsGranted).toBe(0);
  });
});
