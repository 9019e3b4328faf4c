import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processKafkaEvent } from '../../lib/batch/process-kafka-event.ts';
import type { FeedbackClassifier } from '../../lib/feedback/classifier-port.ts';
import { handleFeedbackEvents } from '../../lib/feedback/handle-feedback-events.ts';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { signFirstPartyReview } from '../../lib/reviews/review-sources.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { feedbackBatch, feedbackEventFactory } from '../support/feedback-records.ts';
import { startFakeTrustpilot, type FakeTrustpilot } from '../support/fake-trustpilot.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const scoreClassifier: FeedbackClassifier = (input) => ({
  sentiment: (input.score ?? 5) >= 9 ? 'happy' : (input.score ?? 5) >= 7 ? 'neutral' : 'unhappy',
  confidence: 1,
  issues: [],
  recovery: false,
  language: 'en',
  reasons: [],
});

/**
 * Public review invitations are sentiment-blind: every eligible customer is invited the same way
 * at the same journey point, whatever their feedback; the audit shows it.
 */
describe('review invitations', () => {
  let database: TestDatabase;
  let trustpilot: FakeTrustpilot;
  let app: TestApp;
  let apiKey = '';
  const settings = (...assignments: string[]) => changeTenantSettings('acme', assignments, 'test', { tenants: app.context.tenants, outbound: app.context.outbound });
  const outboxOf = async (kind: string) =>
    (await app.context.outbox.list('acme', { limit: 500 })).filter((entry) => entry.message.tag === kind).map((entry) => entry.message as any);
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers, redirect: 'manual' });

  beforeAll(async () => {
    [database, trustpilot] = await Promise.all([createTestDatabase('review_invitations'), startFakeTrustpilot()]);
    app = await startTestApp({ DATABASE_URL: database.url, PUBLIC_BASE_URL: 'https://ag.example.com' }, { runSchedules: false });
    ({ apiKey } = await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' }));
    await settings(
      'shopName="Acme"',
      'contact.quietHours=null',
      'consent.mode=all_customers',
      `reviews.destinations=${JSON.stringify([
        { type: 'google', placeId: 'ChIJN1t_tDeuEmsRUsoyG83frY4' },
        { type: 'first_party', name: 'acme.example', url: 'https://acme.example/reviews', incentive: '10% off your next order' },
        { type: 'trustpilot', businessUnitId: 'bu-1', apiKey: 'tp-key', apiSecret: 'tp-secret', apiBaseUrl: trustpilot.url, authBaseUrl: trustpilot.url, reviewUrl: 'https://www.trustpilot.com/evaluate/acme.example' },
      ])}`,
    );
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([trustpilot?.close(), database?.drop()]);
  });

  it('refuses any setting that would gate invitations, Yelp, and incentives where the platform forbids them', async () => {
    const attempts = [
      ['reviews.minScore=9', 'sentiment-blind'],
      ['reviews.onlyHappyCustomers=true', 'sentiment-blind'],
      ['reviews.destinations=[{"type":"yelp","url":"https://www.yelp.com/biz/acme"}]', 'Yelp is never a destination'],
      ['reviews.destinations=[{"type":"first_party","url":"https://www.yelp.com/writeareview/biz/acme"}]', 'Yelp is never a destination'],
      ['reviews.destinations=[{"type":"google","placeId":"ChIJN1t_tDeuEmsRUsoyG83frY4","incentive":"a gift"}]', 'Google does not allow incentives'],
    ];
    for (const [assignment, message] of attempts) {
      await expect(settings(assignment as string), assignment).rejects.toThrow(message);
    }
    expect((await app.context.tenants.findById('acme'))?.settings.reviews.destinations).toHaveLength(3);
  });

  it('invites happy and unhappy customers alike; the audit shows the same rate and every objective exception', async () => {
    // Prepare: 16 customers delivered on 1 November, even ones happy and odd ones unhappy, with
    // the same objective exceptions on each side: one unsubscribed, one refunded (never eligible),
    // and one with a second order a day later (one invitation per 90 days).
    const customer = (index: number) => ({ key: `c:${index}`, id: String(index), email: `buyer${index}@example.com`, firstName: `Buyer${index}` });
    const orderOf = (index: number) => `70${String(index).padStart(2, '0')}`;
    await deliverToOrdersFunction([
      ...Array.from({ length: 16 }, (_, index) => lifecycleEvent(orderOf(index), 'delivered', '2026-11-01T09:00:00.000Z', { customer: customer(index) })),
      lifecycleEvent('7098', 'delivered', '2026-11-02T09:00:00.000Z', { customer: customer(0) }),
      lifecycleEvent('7099', 'delivered', '2026-11-02T09:00:00.000Z', { customer: customer(1) }),
    ]);
    await deliverToOrdersFunction([14, 15].map((index) => lifecycleEvent(orderOf(index), 'refunded', '2026-11-03T09:00:00.000Z', { customer: customer(index) })));
    for (const index of [12, 13]) {
      await app.context.suppressions.suppress({ tenantId: 'acme', channel: 'email', address: `buyer${index}@example.com`, customerKey: `c:${index}`, reason: 'unsubscribed by link', at: new Date() });
    }
    const answered = [...Array.from({ length: 16 }, (_, index) => ({ orderId: orderOf(index), index })), { orderId: '7098', index: 0 }, { orderId: '7099', index: 1 }];
    const feedback = answered.map(({ orderId, index }) =>
      feedbackEventFactory({ feedbackId: `fb_${orderId}`, revision: 1, tenantId: 'acme', orderId, customer: { key: `c:${index}`, email: null, phone: null, firstName: null, lastName: null }, score: { value: index % 2 === 0 ? 10 : 2, scale: 'nps' }, testimonialConsent: null }),
    );
    await processKafkaEvent(feedbackBatch(feedback), handleFeedbackEvents({ ...app.context, classify: scoreClassifier }));
    // Act: the feedback requests go first, three days after delivery (the second orders' requests,
    // due a day later, are merged into them); the invitations fall due seven days after delivery
    const feedbackRun = await runDispatch(app.context, new Date('2026-11-04T09:00:00.000Z'));
    const secondOrders = await runDispatch(app.context, new Date('2026-11-05T09:00:00.000Z'));
    const early = await runDispatch(app.context, new Date('2026-11-08T08:59:00.000Z'));
    await runDispatch(app.context, new Date('2026-11-08T09:00:00.000Z'));
    await runDispatch(app.context, new Date('2026-11-09T09:00:00.000Z'));
    // Assess: nothing before the journey point, then one wording and one set of links for everyone
    expect(feedbackRun).toMatchObject({ sent: 12, skipped: 2, withdrawn: 0 }); // the unsubscribed two; the refunded orders' asks were withdrawn at the refund
    expect(secondOrders).toMatchObject({ sent: 0, skipped: 2 });
    expect(early.sent).toBe(0);
    const invitations = await outboxOf('review_invitation');
    const invited = invitations.map((message) => message.to).sort();
    expect(invited).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((index) => `buyer${index}@example.com`).sort());
    const wordingOf = (message: { text: string }) => message.text.replace(/Buyer\d+/g, 'NAME').replace(/#\d+/g, '#N').replace(/\/(go|u)\/\S+/g, '/$1/LINK');
    expect(new Set(invitations.map(wordingOf)).size).toBe(1);
    expect(new Set(invitations.map((message) => message.subject))).toEqual(new Set(['Would you review Acme?']));
    expect(invitations[0].text).toContain('For a review on acme.example we offer 10% off your next order, whatever you write.');
    expect(trustpilot.invitations().map((invitation) => invitation.body.consumerEmail).sort()).toEqual(invited);
    expect(trustpilot.invitations()[0]).toMatchObject({ businessUnitId: 'bu-1', body: { locale: 'en-US', senderName: 'Acme', type: 'email', serviceReviewInvitation: { tags: ['afterglow'] } } });

    const response = await get('/api/audit/invitations?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', { authorization: `Bearer ${apiKey}` });
    const audit = (await response.json()) as any;
    expect(response.status).toBe(200);
    // Each side had 9 orders: 6 invited; 1 unsubscribed, 1 refunded and 1 already invited within 90
    // days were never eligible (objective causes), so the rate over the eligible is the same.
    expect(audit.total.bySentiment.happy).toEqual({ eligible: 6, invited: 6, notEligible: 3, rate: 1 });
    expect(audit.total.bySentiment.unhappy).toEqual({ eligible: 6, invited: 6, notEligible: 3, rate: 1 });
    expect(audit.rateSpread).toBe(0);
    expect(audit.notInvited).toEqual([]);
    const causes = Object.fromEntries(audit.notEligible.map((row: { orderId: string; cause: string; reason: string }) => [row.orderId, [row.cause, row.reason]]));
    expect(causes).toEqual({
      '7012': ['unsubscribed', 'the customer unsubscribed from email'],
      '7013': ['unsubscribed', 'the customer unsubscribed from email'],
      '7014': ['cancelled_or_refunded', 'order refunded'],
      '7015': ['cancelled_or_refunded', 'order refunded'],
      '7098': ['invited_recently', expect.stringMatching(/^invited to review on 2026-11-08 \(out_\S+, order 7000\): one invitation per 90 days \(reviews\.frequencyDays\)$/)],
      '7099': ['invited_recently', expect.stringMatching(/^invited to review on 2026-11-08 \(out_\S+, order 7001\): one invitation per 90 days \(reviews\.frequencyDays\)$/)],
    });
    // The refunded orders were never eligible: counted apart, with the other objective causes.
    expect(audit.total).toMatchObject({ eligible: 12, invited: 12, notEligible: 6 });
    expect(audit.total.notEligibleByCause).toMatchObject({ unsubscribed: 2, cancelled_or_refunded: 2, invited_recently: 2, no_consent: 0 });
    expect((await get('/api/audit/invitations')).status).toBe(401);
  });

  it('a first-party review is flagged as incentivised when the shop offers an incentive', async () => {
    // Prepare: buyer 4 (invited on 8 November) reviews on the shop's own site
    await settings('reviewWebhooks.firstPartySecret="first-party-review-secret"');
    const body = JSON.stringify({ reviewId: 'fp-4', rating: 5, title: 'Lovely', text: 'Arrived fast', orderId: '7004', reviewer: { name: 'Buyer4', email: 'buyer4@example.com' } });
    // Act
    const response = await app.post('/webhooks/reviews/first_party/acme', body, {
      'content-type': 'application/json',
      'x-afterglow-hmac-sha256': signFirstPartyReview('first-party-review-secret', body),
    });
    // Assess
    expect(response.status).toBe(202);
    expect(await app.context.reviews.find('acme', 'first_party', 'fp-4')).toMatchObject({ incentivised: true, customerKey: 'c:4' });
  });

  it('the review link records the click and goes to the destination; the one reminder stops for those who clicked or reviewed', async () => {
    // Prepare: two customers invited on 8 November (from the test above); one clicks Google
    const invitations = await outboxOf('review_invitation');
    const [first, second] = ['buyer0@example.com', 'buyer2@example.com'].map((to) => invitations.find((message) => message.to === to));
    const googleLink = /(https:\/\/ag\.example\.com\/go\/\S+)/.exec(first.text)?.[1] ?? '';
    // Act
    const response = await get(new URL(googleLink).pathname);
    await runDispatch(app.context, new Date('2026-11-15T09:00:00.000Z'));
    // Assess
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://search.google.com/local/writereview?placeid=ChIJN1t_tDeuEmsRUsoyG83frY4');
    const reminders = await outboxOf('review_reminder');
    expect(reminders.map((message) => message.to)).not.toContain(first.to);
    const reviewed = (await app.context.outreach.forOrder('acme', '7004')).find((ask) => ask.kind === 'review_reminder');
    expect(reviewed).toMatchObject({ state: 'skipped', outcomeReason: 'the customer has reviewed already' });
    const reminder = reminders.find((message) => message.to === second.to);
    expect(reminder?.subject).toBe('A reminder: would you review Acme?');
    expect(reminder?.text).toContain('Trustpilot: https://ag.example.com/go/');
    // Only one reminder, ever.
    await runDispatch(app.context, new Date('2026-12-30T09:00:00.000Z'));
    expect((await outboxOf('review_reminder')).filter((message) => message.to === second.to)).toHaveLength(1);
    // A tampered review link goes nowhere.
    expect((await get(`${new URL(googleLink).pathname}x`)).status).toBe(404);
  });
});
