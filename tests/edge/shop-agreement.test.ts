import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyFixtureOf } from '../support/shared.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';

/** A public Shopify app: every shop's deliveries are signed with the one app secret. */
const APP_SECRET = 'shpss_public_app';
const SHOP1 = { id: 'shop1', platform: 'shopify' as const, webhookSecret: APP_SECRET, shopDomain: 'shop1.myshopify.com' };
const SHOP2 = { id: 'shop2', platform: 'shopify' as const, webhookSecret: APP_SECRET, shopDomain: 'shop2.myshopify.com' };

describe('a signed app-level delivery acts only on the shop it names', () => {
  let database: TestDatabase;
  let app: TestApp;

  const deliver = (topic: string, payload: unknown, headerShop: string) => {
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
    return app.post('/webhooks/shopify', body, { ...shopifyHeaders(body, APP_SECRET, { topic, shopDomain: headerShop }), 'X-Shopify-Webhook-Id': `wh-${Math.random()}` });
  };
  const countOf = async (sql: string, params: unknown[]) => (await app.context.db.query<{ n: number }>(sql, params))[0]?.n ?? 0;
  const shopState = async (tenantId: string) => ({
    tenant: await countOf('SELECT count(*)::int AS n FROM tenants WHERE id = $1', [tenantId]),
    orders: await countOf('SELECT count(*)::int AS n FROM orders WHERE tenant_id = $1', [tenantId]),
    privacyRequests: await countOf('SELECT count(*)::int AS n FROM privacy_requests WHERE tenant_id = $1', [tenantId]),
  });
  const orderOf = (shop: string, orderId: number) =>
    Buffer.from(shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', shop).toString('utf8').replaceAll('"id": 1073459972', `"id": ${orderId}`));

  beforeAll(async () => {
    database = await createTestDatabase('edge_shops');
    app = await startTestApp({ DATABASE_URL: database.url, KAFKA_BROKERS: '' });
    await app.createTenant(SHOP1);
    await app.createTenant(SHOP2);
    // Each shop has an order of its own customer
    for (const [shop, orderId] of [[SHOP1.shopDomain, 51], [SHOP2.shopDomain, 52]] as const) {
      const reply = await deliver('orders/fulfilled', orderOf(shop, orderId), shop);
      expect(reply.status).toBe(202);
    }
    await waitFor(async () => (await shopState('shop1')).orders === 1 && (await shopState('shop2')).orders === 1, { what: 'both orders' });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  const customer = { id: 1073339470, email: 'foo@example.com', phone: null };
  it.each([
    ['shop/redact', { shop_id: 1, shop_domain: SHOP1.shopDomain }],
    ['customers/redact', { shop_id: 1, shop_domain: SHOP1.shopDomain, customer, orders_to_redact: [52] }],
    ['customers/data_request', { shop_id: 1, shop_domain: SHOP1.shopDomain, customer, orders_requested: [52], data_request: { id: 77 } }],
  ])('%s signed for shop1 but addressed to shop2: refused with the reason, shop2 untouched', async (topic, payload) => {
    // Prepare
    const before = await shopState('shop2');
    // Act
    const reply = await deliver(topic, payload, SHOP2.shopDomain);
    // Assess
    expect(reply.status).toBe(403);
    expect(reply.json.error).toMatch(/shop1\.myshopify\.com.*X-Shopify-Shop-Domain names shop2\.myshopify\.com/);
    expect(await shopState('shop2')).toEqual(before);
    expect((await shopState('shop1')).privacyRequests).toBe(0);
  });

  it('a privacy delivery whose signed body names no shop is refused on the app-level endpoint', async () => {
    const reply = await deliver('shop/redact', { shop_id: 2 }, SHOP2.shopDomain);
    expect(reply.status).toBe(403);
    expect(reply.json.error).toMatch(/names no shop_domain/);
    expect((await shopState('shop2')).tenant).toBe(1);
  });

  it('an order whose signed order_status_url names shop1, delivered as shop2: refused, nothing stored', async () => {
    const reply = await deliver('orders/fulfilled', orderOf(SHOP1.shopDomain, 53), SHOP2.shopDomain);
    expect(reply.status).toBe(403);
    expect(reply.json.error).toMatch(/shop1\.myshopify\.com/);
    expect(await countOf("SELECT count(*)::int AS n FROM webhook_deliveries WHERE tenant_id = 'shop2'", [])).toBe(1);
  });

  it('an order from a shop with its own domain cannot be checked and is accepted on its signature', async () => {
    const body = Buffer.from(orderOf(SHOP2.shopDomain, 54).toString('utf8').replaceAll('https://shop2.myshopify.com/', 'https://www.shop-two.example/'));
    const reply = await deliver('orders/fulfilled', body, SHOP2.shopDomain);
    expect(reply.status).toBe(202);
  });

  it('the same deliveries, addressed to the shop they name, are done', async () => {
    const redact = await deliver('customers/redact', { shop_id: 2, shop_domain: SHOP2.shopDomain, customer, orders_to_redact: [52] }, 'SHOP2.myshopify.com');
    expect(redact.status).toBe(200);
    expect(redact.json.status).toBe('erased');
    const erased = await deliver('shop/redact', { shop_id: 2, shop_domain: SHOP2.shopDomain }, SHOP2.shopDomain);
    expect(erased.status).toBe(200);
    expect((await shopState('shop2')).tenant).toBe(0);
    expect((await shopState('shop1')).tenant).toBe(1);
    expect((await shopState('shop1')).orders).toBe(1);
  });
});
