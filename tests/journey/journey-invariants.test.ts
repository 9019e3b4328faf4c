import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderEventSchema, type OrderEvent, type Platform } from '../../events/order-event.ts';
import { handler as feedbackFunction } from '../../functions/feedback.ts';
import { parseJsonLosslessly } from '../../lib/json/parse-json-losslessly.ts';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { normaliseBigCommerceWebhook, readBigCommerceWebhook } from '../../lib/platforms/bigcommerce/normalise.ts';
import type { DeliveryContext, Normalised } from '../../lib/platforms/order-event-builder.ts';
import { normaliseShopifyWebhook } from '../../lib/platforms/shopify/normalise.ts';
import { normaliseWooCommerceWebhook } from '../../lib/platforms/woocommerce/normalise.ts';
import { createBigCommerceOrdersApi } from '../../lib/providers/bigcommerce-orders-api.ts';
import type { Outreach } from '../../lib/store/outreach-repository.ts';
import { bufferedIo } from '../../lib/cli/io.ts';
import { runStoreCommand } from '../../lib/cli/store-commands.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { bigCommerceOrder250, startFakeBigCommerce, type FakeBigCommerce } from '../support/fake-bigcommerce.ts';
import { feedbackBatch, feedbackEventFactory } from '../support/feedback-records.ts';
import { deliverToOrdersFunction } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { webhookFixture } from '../support/shared.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The journey's invariants on default settings, for each platform: orders built from the
 * platforms' own fixtures (as their normalisers read them, consent fields included) run through
 * the orders function, a happy answer through the feedback function, and dispatch every two hours
 * by a virtual clock for four weeks. Only a review destination (and referrals, so a
 * sentiment-driven ask competes) are set; the budget, gap, consent and quiet hours are defaults.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DELIVERED = new Date('2026-12-01T10:00:00.000Z');
const at = (days: number, hours = 0) => new Date(DELIVERED.getTime() + days * DAY_MS + hours * HOUR_MS);

const contextFor = (platform: Platform, topic: string | null): DeliveryContext => ({
  tenantId: `inv-${platform}`,
  platform,
  topic,
  deliveryId: 'fixture',
  receivedAt: DELIVERED,
  storedCustomerKey: async () => null,
});
const eventOf = (normalised: Normalised): OrderEvent => {
  if (normalised.outcome !== 'event') throw new Error(`expected an event: ${normalised.reason}`);
  return OrderEventSchema.parse(normalised.event);
};
const fixture = (name: string) => parseJsonLosslessly(webhookFixture(name).toString('utf8'));

/** One order event per platform, exactly as its normaliser reads the platform's fixture. */
const platformEvent = async (platform: Platform, bigCommerce: FakeBigCommerce): Promise<OrderEvent> => {
  if (platform === 'shopify') return eventOf(await normaliseShopifyWebhook(fixture('shopify_order_paid_fulfilled.order-resource.json'), contextFor(platform, 'orders/updated')));
  if (platform === 'woocommerce') return eventOf(await normaliseWooCommerceWebhook(fixture('woocommerce_order_updated_completed_payload.wc-v3.json'), contextFor(platform, 'order.updated')));
  // BigCommerce's webhooks are thin: the order comes from its V2 Orders API (the documented order 250)
  bigCommerce.setOrder(bigCommerceOrder250());
  const webhook = readBigCommerceWebhook(fixture('bigcommerce_store_order_statusUpdated.json'));
  return eventOf(await normaliseBigCommerceWebhook(webhook, contextFor(platform, webhook.scope), createBigCommerceOrdersApi(), { apiUrl: bigCommerce.apiUrl, apiToken: bigCommerce.token }));
};

/** The fixture's order for another customer and order id, at the journey trigger (delivered, or completed). */
const triggerOf = (template: OrderEvent, orderId: string, customer: string, occurredAt: Date, changes: Partial<OrderEvent['customer']> = {}): OrderEvent => ({
  ...template,
  eventId: `${template.platform}:${orderId}:trigger`,
  kind: template.platform === 'shopify' ? 'delivered' : 'completed',
  occurredAt: occurredAt.toISOString(),
  order: { ...template.order, id: orderId, number: `#${orderId}` },
  customer: { ...template.customer, key: `c:${customer}`, id: customer, email: `${customer}@example.com`, ...changes },
});

const sentTimes = (asks: readonly Outreach[]) =>
  asks.filter((ask) => ask.state === 'sent' && ask.kind !== 'testimonial_confirmation').map((ask) => (ask.sentAt as Date).getTime()).sort((a, b) => a - b);

describe.each(['shopify', 'woocommerce', 'bigcommerce'] as const)('the journey on default settings (%s)', (platform) => {
  let database: TestDatabase;
  let app: TestApp;
  let bigCommerce: FakeBigCommerce;
  let apiKey = '';
  const tenantId = `inv-${platform}`;
  const asksOf = (customer: string) => app.context.outreach.forCustomer(tenantId, `c:${customer}`);
  const runs: { at: Date; summary: Awaited<ReturnType<typeof runDispatch>> }[] = [];

  beforeAll(async () => {
    [database, bigCommerce] = await Promise.all([createTestDatabase(`journey_invariants_${platform}`), startFakeBigCommerce()]);
    app = await startTestApp({ DATABASE_URL: database.url, PUBLIC_BASE_URL: 'https://ag.example.com' }, { runSchedules: false });
    ({ apiKey } = await app.createTenant({ id: tenantId, platform, webhookSecret: 'secret', ...(platform === 'bigcommerce' ? { apiUrl: bigCommerce.apiUrl, apiToken: bigCommerce.token } : {}) }));
    await changeTenantSettings(
      tenantId,
      [
        'reviews.destinations=[{"type":"google","placeId":"ChIJN1t_tDeuEmsRUsoyG83frY4"}]',
        'referrals.advocateReward="€10 store credit"',
        'referrals.friendReward="15% off"',
        'referrals.landingUrl="https://acme.example/"',
        'referrals.enabled=true',
        // The referral invitation is marketing: it carries the shop's postal address (CAN-SPAM).
        'brand.postalAddress=1 Harbour Street, Bristol',
      ],
      'test',
      { tenants: app.context.tenants },
    );
    const template = await platformEvent(platform, bigCommerce);
    // Prepare: "solo" orders once; "twice" orders twice the same day; "happy" accepted marketing
    // and answers 10/10 the day after the feedback request
    await deliverToOrdersFunction([
      triggerOf(template, '9101', 'solo', at(0)),
      triggerOf(template, '9201', 'twice', at(0)),
      triggerOf(template, '9202', 'twice', at(0, 1)),
      triggerOf(template, '9301', 'happy', at(0), { acceptsMarketing: true }),
    ]);
    // Act: dispatch every two hours for four weeks, the happy answer arriving on day 4
    for (let clock = at(0); clock <= at(28); clock = new Date(clock.getTime() + 2 * HOUR_MS)) {
      if (clock.getTime() === at(4).getTime()) {
        const answer = feedbackEventFactory({
          feedbackId: `fb_${platform}_happy`,
          revision: 1,
          tenantId,
          orderId: '9301',
          customer: { key: 'c:happy', email: null, phone: null, firstName: null, lastName: null },
          score: { value: 10, scale: 'nps' },
          comment: null,
          testimonialConsent: null,
          stage: 'feedback_request',
          submittedAt: clock.toISOString(),
        });
        await feedbackFunction(feedbackBatch([answer]));
      }
      runs.push({ at: clock, summary: await runDispatch(app.context, clock) });
    }
  }, 240_000);
  afterAll(async () => {
    await app?.stop();
    await Promise.all([bigCommerce?.close(), database?.drop()]);
  });

  it('the feedback request goes first, at trigger + feedbackDelayDays, before any other ask about its order', async () => {
    for (const customer of ['solo', 'twice', 'happy']) {
      const asks = await asksOf(customer);
      const feedback = asks.filter((ask) => ask.kind === 'feedback_request' && ask.state === 'sent');
      expect(feedback, customer).toHaveLength(1);
      expect(feedback[0]?.sentAt, customer).toEqual(at(3, feedback[0]?.orderId === '9202' ? 1 : 0));
      for (const other of asks.filter((ask) => ask.kind !== 'feedback_request' && ask.state === 'sent')) {
        expect((other.sentAt as Date).getTime(), `${customer} ${other.kind}`).toBeGreaterThan((feedback[0]?.sentAt as Date).getTime());
      }
    }
  });

  it('a customer with two orders due together gets one feedback message; the other request is skipped as merged, naming it', async () => {
    const asks = await asksOf('twice');
    const [sent] = asks.filter((ask) => ask.kind === 'feedback_request' && ask.state === 'sent');
    const merged = asks.find((ask) => ask.kind === 'feedback_request' && ask.state !== 'sent');
    expect(merged).toMatchObject({ state: 'skipped', outcomeReason: expect.stringContaining(sent?.id ?? 'none') });
  });

  it('the invitation goes to every eligible customer at the same offset, after the feedback request and never on its day; once per customer; one reminder', async () => {
    for (const customer of ['solo', 'twice', 'happy']) {
      const asks = await asksOf(customer);
      const invitations = asks.filter((ask) => ask.kind === 'review_invitation');
      const sent = invitations.filter((ask) => ask.state === 'sent');
      expect(sent, customer).toHaveLength(1);
      // The same planned offset for everyone, whatever they answered: trigger + reviews.delayDays
      expect(sent[0]?.sentAt, customer).toEqual(at(7));
      const feedback = asks.find((ask) => ask.kind === 'feedback_request' && ask.state === 'sent');
      expect(sent[0]?.sentAt?.toISOString().slice(0, 10)).not.toBe(feedback?.sentAt?.toISOString().slice(0, 10));
      for (const other of invitations.filter((ask) => ask.state !== 'sent')) {
        expect(other, customer).toMatchObject({ state: 'skipped', outcomeReason: expect.stringMatching(/one invitation per 90 days/) });
      }
      const reminders = asks.filter((ask) => ask.kind === 'review_reminder');
      expect(reminders.map((ask) => [ask.state, ask.sentAt]), customer).toEqual([['sent', at(14)]]);
    }
  });

  it('the happy customer\'s referral yields to the invitation: it goes in the room the journey leaves', async () => {
    const asks = await asksOf('happy');
    const referral = asks.find((ask) => ask.kind === 'referral_invitation');
    expect(referral).toMatchObject({ state: 'sent' });
    const history = await app.context.outreach.history([referral?.id ?? '']);
    expect(history.find((step) => step.action === 'postponed')?.reason).toMatch(/minimum gap|waits for the feedback request/);
    // It never stood in the invitation's way: the invitation went at its journey point (above).
  });

  it('no two messages less than 48 hours apart, never over 3 in 7 days or 8 in 30; every ask ended with a reason', async () => {
    for (const customer of ['solo', 'twice', 'happy']) {
      const times = sentTimes(await asksOf(customer));
      for (let index = 1; index < times.length; index += 1) expect((times[index] as number) - (times[index - 1] as number), customer).toBeGreaterThanOrEqual(48 * HOUR_MS);
      for (const start of times) {
        expect(times.filter((time) => time >= start && time < start + 7 * DAY_MS).length, customer).toBeLessThanOrEqual(3);
        expect(times.filter((time) => time >= start && time < start + 30 * DAY_MS).length, customer).toBeLessThanOrEqual(8);
      }
    }
    const all = await app.context.db.query<{ state: string; outcome_reason: string | null }>('SELECT state, outcome_reason FROM outreach WHERE tenant_id = $1', [tenantId]);
    expect(all.filter((ask) => ask.state === 'scheduled' || ask.state === 'sending')).toEqual([]);
    for (const ask of all.filter((row) => row.state !== 'sent')) expect(ask.outcome_reason).toBeTruthy();
  });

  it('the timelines explain every ask with the virtual clock\'s times; a customer is found by email in a body, never in a URL', async () => {
    const get = (path: string) => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
    // The order whose request was merged: its history names the request that went
    const order = await get('/api/orders/9202/timeline');
    expect(order.status).toBe(200);
    const body = (await order.json()) as { customerId: string; asks: { kind: string; state: string; history: { at: string; action: string; blockedBy: { askId: string; orderId: string } | null }[] }[]; timeline: { at: string; type: string }[] };
    const merged = body.asks.find((ask) => ask.kind === 'feedback_request');
    expect(merged?.state).toBe('skipped');
    // Due at 11:00, decided by the 12:00 run, at that run's time
    expect(merged?.history.at(-1)).toMatchObject({ at: at(3, 2).toISOString(), action: 'skipped', blockedBy: { orderId: '9201' } });
    expect(body.timeline[0]).toMatchObject({ type: 'order_event', at: at(0, 1).toISOString() });
    expect(JSON.stringify(body)).not.toContain('@example.com');
    // Found by email in the body; the customer timeline by the opaque id
    const search = await fetch(`${app.url}/api/customers/search`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'Twice@Example.com' }) });
    const { customers } = (await search.json()) as { customers: { customerId: string; orders: number }[] };
    expect(customers).toEqual([{ customerId: body.customerId, orders: 2, lastOrderAt: expect.any(String) }]);
    expect(body.customerId).toMatch(/^cus_[\w-]{16}$/);
    const customer = await get(`/api/customers/${body.customerId}/timeline`);
    const journey = (await customer.json()) as { asks: { kind: string; state: string; sentAt: string | null }[] };
    expect(journey.asks.filter((ask) => ask.state === 'sent').map((ask) => [ask.kind, ask.sentAt])).toEqual([
      ['feedback_request', at(3).toISOString()],
      ['review_invitation', at(7).toISOString()],
      ['review_reminder', at(14).toISOString()],
    ]);
    // The outbox says when each message went by the run's clock, not when the row was written
    const outbox = await app.context.outbox.list(tenantId, { limit: 500 });
    expect(outbox.every((entry) => entry.createdAt.getTime() >= at(0).getTime() && entry.createdAt.getTime() <= at(28).getTime())).toBe(true);
    // Bad requests say what is wrong; another tenant's key sees nothing
    expect((await fetch(`${app.url}/api/customers/search`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: '{}' })).status).toBe(400);
    expect((await get('/api/customers/cus_nobody/timeline')).status).toBe(404);
    expect((await fetch(`${app.url}/api/orders/9202/timeline`)).status).toBe(401);
  });

  it('tenant show and the timeline CLI tell the merchant why asks did not go', async () => {
    const io = bufferedIo();
    await runStoreCommand(['tenant', 'show', tenantId], app.context, io);
    const shown = JSON.parse(io.stdout.join('\n')) as { journey: { notSentOrWaiting: { kind: string; state: string; count: number; latestReason: string }[] } };
    expect(shown.journey.notSentOrWaiting).toContainEqual(expect.objectContaining({ kind: 'feedback_request', state: 'skipped', count: 1, latestReason: expect.stringMatching(/^merged: /) }));
    expect(shown.journey.notSentOrWaiting).toContainEqual(expect.objectContaining({ kind: 'review_invitation', state: 'skipped', count: 1, latestReason: expect.stringMatching(/one invitation per 90 days/) }));
    const cli = bufferedIo();
    await runStoreCommand(['timeline', '--order', '9202'], app.context, cli);
    const timeline = JSON.parse(cli.stdout.join('\n')) as { tenantId: string; asks: { kind: string; state: string }[] };
    expect(timeline.tenantId).toBe(tenantId);
    expect(timeline.asks.map((ask) => [ask.kind, ask.state])).toEqual([['feedback_request', 'skipped'], ['review_invitation', 'skipped']]);
    await expect(runStoreCommand(['timeline', '--order', '9202', '--customer', 'x'], app.context, bufferedIo())).rejects.toThrow(/usage: timeline/);
  });
});
