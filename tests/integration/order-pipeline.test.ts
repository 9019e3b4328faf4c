import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { readTopic, startKafka, type TestKafka } from '../support/kafka.ts';
import { shopifyHeaders, wooCommerceHeaders } from '../support/sign.ts';
import { shopifyFixtureOf, webhookFixture } from '../support/shared.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';

/**
 * A signed webhook over real HTTP, through a real Kafka-protocol broker (librdkafka's mock cluster,
 * or KAFKA_BROKERS), through the orders function run by a kafkajs consumer group, into PostgreSQL.
 */
describe('order pipeline: webhook → Kafka → orders function → PostgreSQL', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: TestApp;
  const SECRET = 'shpss_pipeline';

  beforeAll(async () => {
    [database, kafka] = await Promise.all([createTestDatabase('pipeline'), startKafka()]);
    app = await startTestApp({ DATABASE_URL: database.url, ...kafka.env });
    await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: SECRET, shopDomain: 'acme.myshopify.com' });
    await app.createTenant({ id: 'woo', platform: 'woocommerce', webhookSecret: 'woo-secret' });
    await app.consumersReady;
  });
  afterAll(async () => {
    await app?.stop();
    await kafka?.stop();
    await database?.drop();
  });

  const orderRow = (tenantId: string, orderId: string) =>
    app.context.db
      .query<{ kind: string; customer_key: string; total: string; items: unknown[] }>(
        'SELECT kind, customer_key, total::text AS total, items FROM orders WHERE tenant_id = $1 AND order_id = $2',
        [tenantId, orderId],
      )
      .then((rows) => rows[0]);

  it('a Shopify order webhook lands once in the store', async () => {
    // Prepare
    const body = shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', 'acme.myshopify.com');
    // Act
    const reply = await app.post('/webhooks/shopify/acme', body, shopifyHeaders(body, SECRET, { topic: 'orders/fulfilled', eventId: 'e-1' }));
    // Assess
    expect(reply).toEqual({ status: 202, json: { status: 'accepted', eventId: 'shopify:orders/fulfilled:e-1', kind: 'fulfilled' } });
    const row = await waitFor(() => orderRow('acme', '1073459972'), { what: 'the order row' });
    expect(row).toMatchObject({ kind: 'fulfilled', customer_key: 'c:1073339470', total: '199.00' });
    const [message] = await readTopic(kafka.brokers, kafka.topics.orders, { atLeast: 1 });
    expect(message?.key).toBe('acme/c:1073339470');
    expect(message?.headers['afterglow-event-id']).toBe('shopify:orders/fulfilled:e-1');
  });

  it('keeps every digit of a 19-digit Shopify id, in the event and in the row', async () => {
    // Prepare: the fixture with its ids rewritten as integers beyond 2^53
    const text = shopifyFixtureOf('shopify_order_pending.order-resource.json', 'acme.myshopify.com')
      .toString('utf8')
      .replace('"id": 1073459983', '"id": 9223372036854775807')
      .replace('"id": 207119551', '"id": 1234567890123456789');
    // Act
    const reply = await app.post('/webhooks/shopify', text, shopifyHeaders(text, SECRET, { shopDomain: 'acme.myshopify.com' }));
    // Assess
    expect(reply.status).toBe(202);
    const row = await waitFor(() => orderRow('acme', '9223372036854775807'), { what: 'the 19-digit order' });
    expect(row.customer_key).toBe('c:1234567890123456789');
    const events = await app.context.orders.events('acme', '9223372036854775807');
    expect(events).toHaveLength(1);
  });

  it('orders events by event time, not arrival: a late "placed" does not undo "completed"', async () => {
    // Prepare: the completed update, then the earlier creation arriving late
    const completed = webhookFixture('woocommerce_order_updated_completed_payload.wc-v3.json');
    const created = webhookFixture('woocommerce_order_created_payload.wc-v3.json');
    // Act
    expect((await app.post('/webhooks/woocommerce/woo', completed, wooCommerceHeaders(completed, 'woo-secret'))).status).toBe(202);
    expect((await app.post('/webhooks/woocommerce/woo', created, wooCommerceHeaders(created, 'woo-secret', { topic: 'order.created' }))).status).toBe(202);
    // Assess
    await waitFor(async () => (await app.context.orders.events('woo', '727')).length === 2, { what: 'both events' });
    expect((await orderRow('woo', '727'))?.kind).toBe('completed');
    expect((await app.context.orders.events('woo', '727')).map((event) => event.kind)).toEqual(['paid', 'completed']);
  });

  it('a batch with a poison record: the valid records are stored, the poison is dead-lettered with its reason', async () => {
    // Prepare: straight onto the topic, as another producer might
    const producer = new Kafka({ brokers: kafka.brokers.split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const valid = (orderId: string) => {
      const body = JSON.parse(webhookFixture('woocommerce_order_created_payload.wc-v3.json').toString('utf8'));
      return JSON.stringify({
        schema: 'afterglow.OrderEvent',
        version: 1,
        eventId: `woocommerce:order.created:poison-test-${orderId}`,
        tenantId: 'woo',
        platform: 'woocommerce',
        topic: 'order.created',
        kind: 'paid',
        snapshot: 'full',
        occurredAt: '2026-01-01T00:00:00.000Z',
        receivedAt: '2026-01-01T00:00:01.000Z',
        order: { id: orderId, number: orderId, status: body.status, currency: 'USD', total: '1.00', refundedTotal: null, placedAt: null, cancelReason: null, discountCodes: [], landingSite: null },
        customer: { key: 'e:batch@example.com', id: null, email: 'batch@example.com', phone: null, firstName: null, lastName: null, locale: null, acceptsMarketing: null },
        items: [],
        fulfilment: { status: null, fulfilledAt: null, deliveredAt: null },
      });
    };
    // Act: one key, so all three share a partition and arrive in one batch, poison in the middle
    await producer.send({
      topic: kafka.topics.orders,
      messages: [
        { key: 'woo/e:batch@example.com', value: valid('9001') },
        { key: 'woo/e:batch@example.com', value: '{"schema":"afterglow.OrderEvent","version":1,"kind":"exploded"' },
        { key: 'woo/e:batch@example.com', value: valid('9002') },
      ],
    });
    await producer.disconnect();
    // Assess
    await waitFor(() => orderRow('woo', '9002'), { what: 'the record after the poison' });
    expect(await orderRow('woo', '9001')).toBeDefined();
    const [deadLetter] = await waitFor(async () => {
      const letters = await app.context.deadLetterStore.list({ handler: 'orders' });
      return letters.length > 0 && letters;
    }, { what: 'the dead letter' });
    expect(deadLetter?.reason).toMatch(/not JSON/);
    expect(deadLetter?.payload).toBe('{"schema":"afterglow.OrderEvent","version":1,"kind":"exploded"');
    expect(deadLetter?.source).toMatchObject({ kind: 'kafka', topic: kafka.topics.orders });
    const onDlq = await readTopic(kafka.brokers, kafka.topics.dlq, { atLeast: 1 });
    expect(onDlq).toHaveLength(1);
    expect(JSON.parse(onDlq[0]!.value)).toMatchObject({ schema: 'afterglow.DeadLetter', handler: 'orders' });
  });
});
