import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../events/order-event.ts';
import type { FeedbackEvent } from '../../events/feedback-event.ts';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';
import { FORM, feedbackForm, feedbackFunction, pathOf, tenantForTestimonials } from '../support/testimonials.ts';

const ACME = { id: 'acme', platform: 'shopify' as const, webhookSecret: 'shpss_acme', shopDomain: 'acme.myshopify.com' };
const GLOBEX = { id: 'globex', platform: 'shopify' as const, webhookSecret: 'shpss_globex', shopDomain: 'globex.myshopify.com' };

/** Someone unmistakable: every trace of them can be searched for in every table. */
const ZENOBIA = { id: '7300000000000000001', email: 'zenobia.q@example.com', phone: '+33 6 12 34 56 78', firstName: 'Zenobia', lastName: 'Quarrington' };
const ZENOBIA_COMMENT = 'The teapot glaze shimmered like a lagoon, bravo!';
const BOB = { id: '7300000000000000002', email: 'bob.b@example.com', firstName: 'Bob', lastName: 'Bystander' };

/** Shopify's privacy webhooks on the app-level endpoint, end to end on the local runtime over real HTTP and PostgreSQL. */
describe('Shopify privacy webhooks', () => {
  let database: TestDatabase;
  let app: TestApp;
  let acmeKey: string;
  let globexKey: string;

  const privacyWebhook = (topic: string, payload: unknown, options: { secret?: string; shopDomain?: string; webhookId?: string } = {}) => {
    const body = JSON.stringify(payload);
    const headers = { ...shopifyHeaders(body, options.secret ?? ACME.webhookSecret, { topic, shopDomain: options.shopDomain ?? ACME.shopDomain }), 'X-Shopify-Webhook-Id': options.webhookId ?? `wh-${Math.random()}` };
    return app.post('/webhooks/shopify', body, headers);
  };
  const api = async (path: string, key: string) => {
    const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, json: (await response.json()) as any };
  };
  /** Every table of the store, searched as text for `needle` (the embedded log's payloads decoded). */
  const tablesMentioning = async (needle: string): Promise<string[]> => {
    const tables = await app.context.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const found: string[] = [];
    for (const { table_name: table } of tables) {
      const condition = table === 'local_log' ? `key ILIKE $1 OR convert_from(value, 'UTF8') ILIKE $1` : `x::text ILIKE $1`;
      const [row] = await app.context.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" x WHERE ${condition}`, [`%${needle}%`]);
      if ((row?.n ?? 0) > 0) found.push(table);
    }
    return found;
  };
  const customerEvents = (person: typeof ZENOBIA | typeof BOB, orderId: string, at: string): OrderEvent[] => {
    const customer = { key: `c:${person.id}`, id: person.id, email: person.email, phone: 'phone' in person ? person.phone : null, firstName: person.firstName, lastName: person.lastName };
    return [lifecycleEvent(orderId, 'paid', at, { customer }), lifecycleEvent(orderId, 'delivered', new Date(Date.parse(at) + 86_400_000).toISOString(), { customer })];
  };
  /** The customer answers on the feedback page with permission to quote them; the feedback function runs. */
  const feedbackWithPermission = async (person: { id: string; email: string }, orderId: string, comment: string): Promise<FeedbackEvent> => {
    const link = await app.context.links.feedbackPage({ tenantId: 'acme', orderId, customerKey: `c:${person.id}`, outreachId: null, channel: 'email', address: person.email, subject: 'feedback_request', expiresAt: new Date(Date.now() + 86_400_000) });
    const response = await fetch(`${app.url}${pathOf(link)}`, { method: 'POST', body: feedbackForm({ score: 10, comment, consent: { scopes: ['website'], displayName: 'full_name' } }), headers: FORM });
    expect(response.status).toBe(200);
    const event = await app.context.feedback.latestBySource('acme', 'feedback_page', `order:${orderId}`);
    if (!event) throw new Error('no feedback');
    await feedbackFunction(app.context)([event]);
    return event;
  };

  beforeAll(async () => {
    database = await createTestDatabase('privacy');
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    acmeKey = (await app.createTenant(ACME)).apiKey;
    globexKey = (await app.createTenant(GLOBEX)).apiKey;
    await tenantForTestimonials(app.context, 'acme');
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('a bad signature is refused (401) and nothing happens', async () => {
    // Prepare
    const events = customerEvents(BOB, '5000000000000000001', '2026-10-01T10:00:00.000Z');
    await deliverToOrdersFunction(events);
    const before = await app.context.db.query('SELECT * FROM orders ORDER BY order_id');
    // Act
    const forged = await privacyWebhook('customers/redact', { shop_domain: ACME.shopDomain, customer: { id: Number(BOB.id), email: BOB.email }, orders_to_redact: [] }, { secret: 'not-the-secret' });
    const unsigned = await app.post('/webhooks/shopify', JSON.stringify({ shop_domain: ACME.shopDomain }), { 'X-Shopify-Topic': 'shop/redact', 'X-Shopify-Shop-Domain': ACME.shopDomain });
    // Assess
    expect(forged.status).toBe(401);
    expect(unsigned.status).toBe(401);
    expect(await app.context.db.query('SELECT * FROM orders ORDER BY order_id')).toEqual(before);
    expect(await app.context.db.query('SELECT * FROM privacy_requests')).toEqual([]);
    expect((await api('/api/orders', acmeKey)).status).toBe(200);
  });

  it('customers/redact erases the customer everywhere; replaying their old order and feedback events brings nothing back', async () => {
    // Prepare: two orders (one as a guest, by email), an answered feedback page with permission,
    // an approved testimonial in the export, messages sent, an unsubscribe; and Bob, who stays.
    const orderId = '5000000000000000010';
    const guestOrderId = '5000000000000000011';
    const orderEvents = customerEvents(ZENOBIA, orderId, '2026-10-01T10:00:00.000Z');
    const guest = lifecycleEvent(guestOrderId, 'delivered', '2026-10-03T10:00:00.000Z', {
      customer: { key: `e:${ZENOBIA.email}`, id: null, email: ZENOBIA.email, phone: ZENOBIA.phone, firstName: ZENOBIA.firstName, lastName: ZENOBIA.lastName },
    });
    const bobOrderId = '5000000000000000012';
    await deliverToOrdersFunction([...orderEvents, guest, ...customerEvents(BOB, bobOrderId, '2026-10-01T10:00:00.000Z')]);
    await runDispatch(app.context, new Date());
    const feedbackEvent = await feedbackWithPermission(ZENOBIA, orderId, ZENOBIA_COMMENT);
    await feedbackWithPermission(BOB, bobOrderId, 'Solid kettle, boils fast, no complaints.');
    for (const row of await app.context.db.query<{ id: string }>('SELECT id FROM testimonials')) {
      await app.context.testimonials.review('acme', row.id, 'approved', null, new Date());
    }
    await runDispatch(app.context, new Date(Date.now() + 60_000));
    await app.context.suppressions.suppress({ tenantId: 'acme', channel: 'email', address: ZENOBIA.email, customerKey: `c:${ZENOBIA.id}`, reason: 'unsubscribed by link', at: new Date() });
    // … a referral code, a click on a review link, a review she wrote, and a recovery case about her order
    await app.context.referrals.codeFor(
      { tenantId: 'acme', customerKey: `c:${ZENOBIA.id}`, email: ZENOBIA.email, fullName: `${ZENOBIA.firstName} ${ZENOBIA.lastName}`, addressKey: null, feedbackId: null },
      () => 'ZENOBIA-ABC234',
    );
    await app.context.reviewActivity.recordClick({ tenantId: 'acme', outreachId: null, orderId, customerKey: `c:${ZENOBIA.id}`, destination: 'google', at: new Date(), userAgent: null });
    await app.context.reviews.record({
      tenantId: 'acme', source: 'first_party', reviewId: 'fp-z', rating: 5, title: 'Lagoon', body: ZENOBIA_COMMENT, reviewerName: ZENOBIA.lastName, reviewerEmail: ZENOBIA.email,
      referenceId: orderId, orderId, customerKey: `c:${ZENOBIA.id}`, url: null, language: 'en', postedAt: null, receivedAt: new Date(), signalId: null, incentivised: false, payload: { text: ZENOBIA_COMMENT },
    });
    await app.context.recoveryQueue.send({
      schema: 'afterglow.RecoverySignal', version: 1, signalId: 'privacy-test:1', tenantId: 'acme', orderId,
      customer: { key: `c:${ZENOBIA.id}`, email: ZENOBIA.email, phone: ZENOBIA.phone, firstName: ZENOBIA.firstName, lastName: ZENOBIA.lastName },
      origin: { kind: 'feedback', feedbackId: feedbackEvent.feedbackId, revision: 1, sentiment: 'unhappy', score: null, comment: ZENOBIA_COMMENT },
      issues: ['damaged'], summary: 'Damaged on arrival', occurredAt: new Date().toISOString(), raisedAt: new Date().toISOString(),
    });
    await waitFor(async () => (await app.context.db.query('SELECT 1 FROM recovery_cases')).length > 0, { what: 'the recovery case' });
    // … and an ask still pending about her order (due in a month)
    await app.context.outreach.schedule({
      id: 'out_pending_ask_1', tenantId: 'acme', orderId, customerKey: `c:${ZENOBIA.id}`, kind: 'review_invitation', dedupeKey: `${orderId}:review_invitation`,
      journeyAt: new Date(Date.now() + 30 * 86_400_000), fixedTime: true, basis: 'trigger', plannedAt: new Date(),
    });
    const exportedBefore = (await (await fetch(`${app.url}/export/testimonials?format=ndjson`, { headers: { authorization: `Bearer ${acmeKey}` } })).text());
    expect(exportedBefore).toContain(ZENOBIA_COMMENT);
    expect(await tablesMentioning(ZENOBIA.email)).toEqual(
      expect.arrayContaining(['orders', 'order_events', 'outreach', 'outbox_messages', 'suppressions', 'feedback_revisions', 'local_log', 'referral_codes', 'reviews', 'recovery_cases', 'recovery_case_signals']),
    );
    expect(await tablesMentioning(ZENOBIA_COMMENT)).toEqual(expect.arrayContaining(['testimonials', 'feedback_revisions']));

    // Act
    const erased = await privacyWebhook('customers/redact', {
      shop_id: 954889,
      shop_domain: ACME.shopDomain,
      customer: { id: Number(ZENOBIA.id), email: ZENOBIA.email, phone: ZENOBIA.phone },
      orders_to_redact: [Number(orderId)],
    });
    // Assess: no trace of her in any table; Bob untouched; the export without her
    expect(erased.status).toBe(200);
    expect(erased.json).toMatchObject({ status: 'erased' });
    for (const needle of [ZENOBIA.email, ZENOBIA.firstName, ZENOBIA.lastName, ZENOBIA_COMMENT, `c:${ZENOBIA.id}`, '+33612345678']) {
      expect(await tablesMentioning(needle), needle).toEqual([]);
    }
    expect(await tablesMentioning(BOB.email)).toEqual(expect.arrayContaining(['orders', 'feedback_revisions']));
    const exportedAfter = await (await fetch(`${app.url}/export/testimonials?format=ndjson`, { headers: { authorization: `Bearer ${acmeKey}` } })).text();
    expect(exportedAfter).not.toContain(ZENOBIA.firstName);
    expect(exportedAfter).toContain('Solid kettle');
    // the pending ask is withdrawn, and its history says so, at the erasure's time
    expect(await app.context.outreach.find('out_pending_ask_1')).toMatchObject({ state: 'withdrawn', outcomeReason: "the customer's data was erased" });
    const history = await app.context.outreach.history(['out_pending_ask_1']);
    expect(history.map((entry) => entry.action)).toEqual(['planned', 'withdrawn']);
    expect(history[1]).toMatchObject({ reason: "the customer's data was erased" });
    // the orders stay as the merchant's record of a sale, linked to no one
    const order = await api(`/api/orders/${orderId}`, acmeKey);
    expect(order.json).toMatchObject({ orderId, customer: { email: null, firstName: null } });
    // her unsubscribe still holds, kept as a hash
    expect([...(await app.context.suppressions.suppressedChannels('acme', { email: ZENOBIA.email, phone: null }))]).toEqual(['email']);

    // Act: Kafka redelivers her old events (retention keeps them), and the webhook is retried
    const replayedOrders = await deliverToOrdersFunction([...orderEvents, guest]);
    const replayedFeedback = await feedbackFunction(app.context)([feedbackEvent]);
    const retried = await privacyWebhook('customers/redact', { shop_domain: ACME.shopDomain, customer: { id: Number(ZENOBIA.id), email: ZENOBIA.email }, orders_to_redact: [] });
    // Assess: refused by the tombstones, nothing comes back (not even as a dead letter)
    expect(replayedOrders.outcomes).toEqual(['erased', 'erased', 'erased']);
    expect(replayedFeedback.outcomes).toEqual(['erased']);
    expect(retried.status).toBe(200);
    for (const needle of [ZENOBIA.email, ZENOBIA.lastName, ZENOBIA_COMMENT]) expect(await tablesMentioning(needle), needle).toEqual([]);
    const privacyLog = await api('/api/privacy/requests', acmeKey);
    expect(privacyLog.json.requests[0]).toMatchObject({ topic: 'customers/redact', summary: expect.objectContaining({ testimonials: expect.any(Number) }) });

    // Act: she comes back later and orders again: new data, accepted
    const fresh = { ...lifecycleEvent('5000000000000000013', 'paid', new Date().toISOString(), { customer: { key: `c:${ZENOBIA.id}`, id: ZENOBIA.id, email: ZENOBIA.email } }), receivedAt: new Date(Date.now() + 1000).toISOString() };
    expect((await deliverToOrdersFunction([fresh])).outcomes).toEqual(['recorded']);
  });

  it('customers/data_request: recorded once, and the customer\'s data is ready for the merchant (and only for them)', async () => {
    // Prepare
    const orderId = '5000000000000000020';
    const person = { ...BOB, id: '7300000000000000003', email: 'dana.d@example.com', firstName: 'Dana' };
    await deliverToOrdersFunction(customerEvents(person, orderId, '2026-10-05T10:00:00.000Z'));
    await feedbackWithPermission(person, orderId, 'Lovely colours, a gift for my sister.');
    const payload = { shop_id: 954889, shop_domain: ACME.shopDomain, orders_requested: [Number(orderId)], customer: { id: Number(person.id), email: person.email, phone: null }, data_request: { id: 9999 } };
    // Act
    const first = await privacyWebhook('customers/data_request', payload, { webhookId: 'dr-1' });
    const retry = await privacyWebhook('customers/data_request', payload, { webhookId: 'dr-1' });
    const list = await api('/api/privacy/requests', acmeKey);
    const request = list.json.requests.find((entry: { topic: string }) => entry.topic === 'customers/data_request');
    const data = await api(request.data, acmeKey);
    const foreign = await api(request.data, globexKey);
    // Assess
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 'recorded' });
    expect(retry.json).toMatchObject({ status: 'duplicate' });
    expect(list.json.requests.filter((entry: { topic: string }) => entry.topic === 'customers/data_request')).toHaveLength(1);
    expect(request).toMatchObject({ platformRequestId: '9999', summary: { orders: 1, feedback: 1, testimonials: 1 } });
    expect(data.status).toBe(200);
    expect(data.json).toMatchObject({ schema: 'afterglow.CustomerData', shopifyDataRequestId: '9999', orders: [{ orderId, customer: { email: person.email } }] });
    expect(data.json.feedback[0]).toMatchObject({ comment: 'Lovely colours, a gift for my sister.' });
    expect(data.json.testimonials[0].consentHistory[0]).toMatchObject({ granted: true, scopes: ['website'] });
    expect(foreign.status).toBe(404);
  });

  it('shop/redact erases the shop and keeps a tombstone: retries are answered, replays store nothing', async () => {
    // Prepare: globex has an order
    const events = [lifecycleEvent('6000000000000000001', 'delivered', '2026-10-01T10:00:00.000Z', { customer: { key: 'c:61', id: '61', email: 'gloria@example.com' } })].map((event) => ({ ...event, tenantId: 'globex' }));
    await deliverToOrdersFunction(events);
    expect(await tablesMentioning('gloria@example.com')).toContain('orders');
    // Act
    const erased = await privacyWebhook('shop/redact', { shop_id: 1, shop_domain: GLOBEX.shopDomain }, { secret: GLOBEX.webhookSecret, shopDomain: GLOBEX.shopDomain });
    const retried = await privacyWebhook('shop/redact', { shop_id: 1, shop_domain: GLOBEX.shopDomain }, { secret: GLOBEX.webhookSecret, shopDomain: GLOBEX.shopDomain });
    const forgedRetry = await privacyWebhook('shop/redact', { shop_id: 1, shop_domain: GLOBEX.shopDomain }, { secret: 'wrong', shopDomain: GLOBEX.shopDomain });
    const replay = await deliverToOrdersFunction(events);
    // Assess
    expect(erased.status).toBe(200);
    expect(retried.status).toBe(200);
    expect(forgedRetry.status).toBe(401);
    expect(replay.outcomes).toEqual(['erased']);
    expect(await tablesMentioning('gloria@example.com')).toEqual([]);
    const left = await app.context.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'`,
    );
    for (const { table_name: table } of left) {
      const [row] = await app.context.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE tenant_id = 'globex'`);
      const kept = ['erasure_tombstones', 'erased_shops', 'privacy_requests'].includes(table);
      if (!kept) expect(row?.n, table).toBe(0);
    }
    expect((await api('/api/orders', globexKey)).status).toBe(401);
    expect((await api('/api/orders', acmeKey)).status).toBe(200);
  });
});
