import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTopic, startKafka, type TestKafka } from '../support/kafka.ts';
import { bigCommerceOrder250, startFakeBigCommerce, type FakeBigCommerce } from '../support/fake-bigcommerce.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyHeaders, standardWebhookHeaders, wooCommerceHeaders } from '../support/sign.ts';
import { shopifyFixtureOf, webhookFixture } from '../support/shared.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The webhook function over real HTTP, every refusal DESIGN lists, in its order. Whatever was
 * refused must leave nothing behind: at the end the orders topic holds exactly one message per
 * accepted (202) delivery and the store exactly one delivery record per accepted delivery.
 */
describe('webhook intake status codes', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let bigcommerce: FakeBigCommerce;
  let app: TestApp;
  const accepted: string[] = [];
  const SHOPIFY = 'shpss_current';
  const BC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const order = shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', 'shop.myshopify.com');

  const send = async (path: string, body: string | Buffer, headers: Record<string, string>) => {
    const reply = await app.post(path, body, headers);
    if (reply.status === 202) accepted.push(reply.json.eventId);
    return reply;
  };

  beforeAll(async () => {
    [database, kafka, bigcommerce] = await Promise.all([createTestDatabase('intake'), startKafka(), startFakeBigCommerce()]);
    app = await startTestApp({ DATABASE_URL: database.url, ...kafka.env });
    await app.createTenant({
      id: 'shop',
      platform: 'shopify',
      webhookSecret: SHOPIFY,
      previousWebhookSecret: 'shpss_previous',
      shopDomain: 'shop.myshopify.com',
    });
    await app.createTenant({ id: 'woo', platform: 'woocommerce', webhookSecret: '' });
    await app.createTenant({ id: 'bc', platform: 'bigcommerce', webhookSecret: BC_SECRET, apiUrl: bigcommerce.apiUrl, apiToken: bigcommerce.token });
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([kafka?.stop(), bigcommerce?.close()]);
    await database?.drop();
  });

  describe('404: unknown platform or tenant', () => {
    it('unknown platform', async () => {
      expect((await send('/webhooks/magento/shop', order, shopifyHeaders(order, SHOPIFY))).status).toBe(404);
    });
    it('unknown tenant', async () => {
      expect((await send('/webhooks/shopify/nobody', order, shopifyHeaders(order, SHOPIFY))).status).toBe(404);
    });
    it('a tenant of another platform', async () => {
      expect((await send('/webhooks/woocommerce/shop', order, wooCommerceHeaders(order, ''))).status).toBe(404);
    });
    it('app-level endpoint with an unknown or missing shop domain', async () => {
      expect((await send('/webhooks/shopify', order, shopifyHeaders(order, SHOPIFY, { shopDomain: 'x.myshopify.com' }))).status).toBe(404);
      expect((await send('/webhooks/shopify', order, shopifyHeaders(order, SHOPIFY))).status).toBe(404);
    });
    it('404 comes before 413: an oversized body to an unknown tenant', async () => {
      const huge = Buffer.alloc(1024 * 1024 + 1, 0x20);
      expect((await send('/webhooks/shopify/nobody', huge, { 'content-type': 'application/json' })).status).toBe(404);
    });
  });

  describe('413: body over 1 MB', () => {
    it('1 MB + 1 byte, even correctly signed, is refused before anything else', async () => {
      const huge = Buffer.concat([order, Buffer.alloc(1024 * 1024 + 1 - order.length, 0x20)]);
      const reply = await send('/webhooks/shopify/shop', huge, shopifyHeaders(huge, SHOPIFY));
      expect(reply.status).toBe(413);
    });
    it('exactly 1 MB is not too large (it is judged on its signature instead)', async () => {
      const limit = Buffer.alloc(1024 * 1024, 0x20);
      expect((await send('/webhooks/shopify/shop', limit, shopifyHeaders(limit, 'wrong'))).status).toBe(401);
    });
  });

  describe('401: missing or bad signature', () => {
    it('tampered body with the signature of the original', async () => {
      const headers = shopifyHeaders(order, SHOPIFY);
      const tampered = Buffer.from(order.toString('utf8').replace('"199.00"', '"1.00"'));
      expect((await send('/webhooks/shopify/shop', tampered, headers)).status).toBe(401);
    });
    it('signature from the wrong secret', async () => {
      expect((await send('/webhooks/shopify/shop', order, shopifyHeaders(order, 'shpss_someone_else'))).status).toBe(401);
    });
    it('missing headers', async () => {
      expect((await send('/webhooks/shopify/shop', order, { 'content-type': 'application/json' })).status).toBe(401);
      expect((await send('/webhooks/woocommerce/woo', order, {})).status).toBe(401);
      expect((await send('/webhooks/bigcommerce/bc', order, {})).status).toBe(401);
    });
    it('empty body without a signature', async () => {
      expect((await send('/webhooks/shopify/shop', '', {})).status).toBe(401);
    });
    it('a Standard Webhooks timestamp outside ±5 minutes, correctly signed', async () => {
      const body = webhookFixture('bigcommerce_store_order_created.json');
      const stale = standardWebhookHeaders(body, BC_SECRET, { timestamp: Math.floor(Date.now() / 1000) - 301 });
      expect((await send('/webhooks/bigcommerce/bc', body, stale)).status).toBe(401);
    });
  });

  describe('400: signed but unparseable', () => {
    it('invalid JSON', async () => {
      const body = '{"id": 1, "line_items": [';
      const reply = await send('/webhooks/shopify/shop', body, shopifyHeaders(body, SHOPIFY));
      expect(reply.status).toBe(400);
      expect(reply.json.error).toMatch(/not valid JSON/);
    });
    it('valid JSON of the wrong shape, saying what is wrong', async () => {
      const body = JSON.stringify({ id: 'x', line_items: 'none' });
      const reply = await send('/webhooks/shopify/shop', body, shopifyHeaders(body, SHOPIFY));
      expect(reply.status).toBe(400);
      expect(reply.json.error).toMatch(/line_items/);
    });
    it('an empty body, signed', async () => {
      expect((await send('/webhooks/woocommerce/woo', '', wooCommerceHeaders('', ''))).status).toBe(400);
    });
  });

  describe('200: nothing to do', () => {
    it("WooCommerce's unsigned creation ping is answered and not stored", async () => {
      const reply = await send('/webhooks/woocommerce/woo', 'webhook_id=17', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(reply).toEqual({ status: 200, json: { status: 'ping' } });
    });
    it('a topic afterglow ignores', async () => {
      const body = JSON.stringify({ id: 1, email: 'x@example.com' });
      const reply = await send('/webhooks/shopify/shop', body, shopifyHeaders(body, SHOPIFY, { topic: 'customers/create' }));
      expect(reply.json.status).toBe('ignored');
      expect(reply.status).toBe(200);
    });
  });

  describe('202 accepted, then 200 for the same delivery', () => {
    it('Shopify, with the previous secret during a rotation and header names without X-', async () => {
      const headers = shopifyHeaders(order, 'shpss_previous', { prefix: false, eventId: 'rotation-1' });
      const first = await send('/webhooks/shopify/shop', order, headers);
      const again = await send('/webhooks/shopify/shop', order, headers);
      expect(first.status).toBe(202);
      expect(again).toEqual({ status: 200, json: { status: 'duplicate' } });
    });
    it('Shopify app-level endpoint: tenant from X-Shopify-Shop-Domain', async () => {
      const reply = await send('/webhooks/shopify', order, shopifyHeaders(order, SHOPIFY, { shopDomain: 'SHOP.myshopify.com' }));
      expect(reply.status).toBe(202);
    });
    it('WooCommerce with an empty secret', async () => {
      const body = webhookFixture('woocommerce_order_updated_completed_payload.wc-v3.json');
      const headers = wooCommerceHeaders(body, '', { deliveryId: 'wc-1' });
      expect((await send('/webhooks/woocommerce/woo', body, headers)).json).toMatchObject({ status: 'accepted', kind: 'completed' });
      expect((await send('/webhooks/woocommerce/woo', body, headers)).status).toBe(200);
    });
  });

  describe('BigCommerce: thin payload completed from the store API', () => {
    const body = webhookFixture('bigcommerce_store_order_statusUpdated.json');
    it('503 while the store API fails, then the retry is accepted once', async () => {
      // Prepare
      bigcommerce.setOrder(bigCommerceOrder250({ status_id: 11 }));
      bigcommerce.failNext(1, { status: 500, body: { title: 'Internal Server Error' } });
      const headers = standardWebhookHeaders(body, BC_SECRET, { id: 'msg_bc_retry' });
      // Act
      const failed = await send('/webhooks/bigcommerce/bc', body, headers);
      const retried = await send('/webhooks/bigcommerce/bc', body, headers);
      const again = await send('/webhooks/bigcommerce/bc', body, headers);
      // Assess
      expect(failed.status).toBe(503);
      expect(retried.json).toMatchObject({ status: 'accepted', kind: 'paid' });
      expect(again.status).toBe(200);
    });
    it('an ignored scope needs no store call', async () => {
      const message = webhookFixture('bigcommerce_store_order_message_created.json');
      const calls = bigcommerce.requests.length;
      const reply = await send('/webhooks/bigcommerce/bc', message, standardWebhookHeaders(message, BC_SECRET));
      expect(reply.json.status).toBe('ignored');
      expect(bigcommerce.requests.length).toBe(calls);
    });
  });

  it('nothing refused was stored or published: one message and one delivery record per 202', async () => {
    const messages = await readTopic(kafka.brokers, kafka.topics.orders, { atLeast: accepted.length });
    expect(messages.map((message) => message.headers['afterglow-event-id']).sort()).toEqual([...accepted].sort());
    const deliveries = await app.context.db.query<{ event_id: string }>(
      "SELECT event_id FROM webhook_deliveries WHERE state = 'published' ORDER BY event_id",
    );
    expect(deliveries.map((row) => row.event_id)).toEqual([...accepted].sort());
    const claims = await app.context.db.query("SELECT 1 FROM webhook_deliveries WHERE state = 'claimed'");
    expect(claims).toHaveLength(0);
    expect(accepted).toHaveLength(4);
  });
});
