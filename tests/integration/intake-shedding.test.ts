import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigCommerceOrder250, bigCommerceOrder250Products } from '../support/fake-bigcommerce.ts';
import { startFakeHttpServer, type FakeHttpServer } from '../support/fake-http-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyFixtureOf, webhookFixture } from '../support/shared.ts';
import { shopifyHeaders, standardWebhookHeaders, wooCommerceHeaders } from '../support/sign.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';

/**
 * Over capacity, as the platforms meet it: with one delivery worked on at a time (held by a
 * BigCommerce store API that has not answered yet), a Shopify delivery is told 503 with
 * Retry-After as soon as it has waited its limit — Shopify retries — while a WooCommerce
 * delivery, which WooCommerce would never send again, waits its turn and is accepted.
 */
describe('the webhook intake over capacity', () => {
  let database: TestDatabase;
  let store: FakeHttpServer;
  let app: TestApp;
  let openStoreApi: () => void = () => undefined;
  const storeApiAnswers = new Promise<void>((resolve) => (openStoreApi = resolve));
  const BC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  beforeAll(async () => {
    // A BigCommerce store API that answers only when told to: the delivery that calls it keeps its slot until then.
    store = await startFakeHttpServer(async (request) => {
      await storeApiAnswers;
      return { status: 200, body: request.path.endsWith('/products') ? bigCommerceOrder250Products() : bigCommerceOrder250({ status_id: 10 }) };
    });
    database = await createTestDatabase('shedding');
    app = await startTestApp({ DATABASE_URL: database.url, AFTERGLOW_INTAKE_CONCURRENCY: '1', AFTERGLOW_INTAKE_MAX_WAIT_MS: '200' }, { runSchedules: false });
    await app.createTenant({ id: 'shop', platform: 'shopify', webhookSecret: 'shpss', shopDomain: 'shop.myshopify.com' });
    await app.createTenant({ id: 'woo', platform: 'woocommerce', webhookSecret: 'wc' });
    await app.createTenant({ id: 'bc', platform: 'bigcommerce', webhookSecret: BC_SECRET, apiUrl: `${store.url}/stores/abc123`, apiToken: 'bc-token' });
  });
  afterAll(async () => {
    openStoreApi();
    await app?.stop();
    await store?.close();
    await database?.drop();
  });

  it('sheds the platform that retries, keeps the one that does not, and loses nothing', async () => {
    // Prepare: the one slot taken by a BigCommerce delivery waiting on its store API
    const bigCommerceBody = webhookFixture('bigcommerce_store_order_statusUpdated.json');
    const held = app.post('/webhooks/bigcommerce/bc', bigCommerceBody, standardWebhookHeaders(bigCommerceBody, BC_SECRET, { id: 'msg_held' }));
    await waitFor(async () => store.requests.length > 0 || null, { what: 'the BigCommerce delivery calling its store API' });
    const shopifyBody = shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', 'shop.myshopify.com');
    const shopifyHeadersOnce = shopifyHeaders(shopifyBody, 'shpss', { topic: 'orders/fulfilled', eventId: 'shed-then-retried' });
    const wooBody = webhookFixture('woocommerce_order_updated_completed_payload.wc-v3.json');
    let wooAnswered = false;
    // Act
    const shed = await fetch(`${app.url}/webhooks/shopify/shop`, { method: 'POST', body: shopifyBody, headers: shopifyHeadersOnce });
    const woo = app.post('/webhooks/woocommerce/woo', wooBody, wooCommerceHeaders(wooBody, 'wc', { deliveryId: 'wc-waits' })).then((reply) => {
      wooAnswered = true;
      return reply;
    });
    // well past the wait limit, WooCommerce's delivery is still waiting, not refused
    await new Promise((resolve) => setTimeout(resolve, 600));
    const wooWasWaiting = !wooAnswered;
    openStoreApi();
    const [bigCommerce, wooReply] = await Promise.all([held, woo]);
    const retried = await app.post('/webhooks/shopify/shop', shopifyBody, shopifyHeadersOnce);
    // Assess
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('5');
    expect(await shed.json()).toMatchObject({ error: expect.stringMatching(/over capacity/) });
    expect(wooWasWaiting).toBe(true);
    expect(bigCommerce.status, JSON.stringify(bigCommerce.json)).toBe(202);
    expect(wooReply.status, JSON.stringify(wooReply.json)).toBe(202);
    expect(retried.status, JSON.stringify(retried.json)).toBe(202);
    const deliveries = await app.context.db.query<{ tenant_id: string; state: string }>('SELECT tenant_id, state FROM webhook_deliveries ORDER BY tenant_id');
    expect(deliveries).toEqual([
      { tenant_id: 'bc', state: 'published' },
      { tenant_id: 'shop', state: 'published' },
      { tenant_id: 'woo', state: 'published' },
    ]);
  });
});
