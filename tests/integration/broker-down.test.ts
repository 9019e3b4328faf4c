import { afterEach, describe, expect, it } from 'vitest';
import { readTopic, startKafka, startMockCluster, stopProcess, type TestKafka } from '../support/kafka.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { webhookFixture } from '../support/shared.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A publish that fails (broker down) and the platform's retry: 503 and nothing recorded, then each
 * delivery accepted exactly once when a broker is back. Each case on a fresh database.
 */
describe('a publish that fails (broker down) and the platform retry', () => {
  const databases: TestDatabase[] = [];
  let kafka: TestKafka | undefined;
  let app: TestApp | undefined;

  afterEach(async () => {
    await app?.stop();
    await kafka?.stop();
    [app, kafka] = [undefined, undefined];
    await Promise.all(databases.splice(0).map((database) => database.drop()));
  });

  /** A fresh database and the app started on a broker that was there and is gone (a mock cluster we can stop). */
  const startWithBrokerGone = async (name: string): Promise<{ database: TestDatabase; app: TestApp }> => {
    const database = await createTestDatabase(name);
    databases.push(database);
    const gone = await startMockCluster();
    await stopProcess(gone.process);
    app = await startTestApp({ DATABASE_URL: database.url, KAFKA_BROKERS: gone.brokers, KAFKA_IDEMPOTENT: 'false' });
    await app.createTenant({ id: 'shop', platform: 'shopify', webhookSecret: 'secret' });
    return { database, app };
  };

  it('answers 503 and records nothing; the retry publishes exactly once', async () => {
    // Prepare: a broker that was there and is gone, whatever KAFKA_BROKERS says
    const { database, app: down } = await startWithBrokerGone('brokerdown');
    const body = webhookFixture('shopify_order_paid_fulfilled.order-resource.json');
    const headers = shopifyHeaders(body, 'secret', { eventId: 'retry-me' });

    // Act 1: the broker is down
    const failed = await down.post('/webhooks/shopify/shop', body, headers);

    // Assess 1: 503 so the platform retries, with the reason, and no delivery recorded
    expect(failed.status).toBe(503);
    expect(failed.json.error).toMatch(/Kafka publish/);
    expect(await down.context.db.query('SELECT 1 FROM webhook_deliveries')).toHaveLength(0);
    await down.stop();

    // Act 2: a broker is back (a new one: the mock cannot restart on the same port); the platform retries
    kafka = await startKafka();
    app = await startTestApp({ DATABASE_URL: database.url, ...kafka.env });
    const retried = await app.post('/webhooks/shopify/shop', body, headers);
    const retriedAgain = await app.post('/webhooks/shopify/shop', body, headers);

    // Assess 2
    expect(retried.status).toBe(202);
    expect(retriedAgain.status).toBe(200);
    const messages = await readTopic(kafka.brokers, kafka.topics.orders, { atLeast: 1 });
    expect(messages).toHaveLength(1);
  });

  it('deliveries at once while the broker is down (their publishes grouped into one request): each is answered 503 and left unrecorded; their retries at once are each accepted once, then duplicates', async () => {
    // Prepare
    const { database, app: down } = await startWithBrokerGone('brokerdown_many');
    const body = webhookFixture('shopify_order_paid_fulfilled.order-resource.json');
    const deliveries = Array.from({ length: 12 }, (_, index) => shopifyHeaders(body, 'secret', { eventId: `many-${index}` }));
    const postAll = (target: TestApp) => Promise.all(deliveries.map((headers) => target.post('/webhooks/shopify/shop', body, headers)));

    // Act 1
    const failed = await postAll(down);
    // Assess 1
    expect(failed.map((response) => response.status)).toEqual(Array(12).fill(503));
    expect(await down.context.db.query('SELECT 1 FROM webhook_deliveries')).toHaveLength(0);
    await down.stop();

    // Act 2: a broker again; the platform retries them all at once, then once more
    kafka = await startKafka();
    app = await startTestApp({ DATABASE_URL: database.url, ...kafka.env });
    const retried = await postAll(app);
    const again = await postAll(app);

    // Assess 2
    expect(retried.map((response) => response.status)).toEqual(Array(12).fill(202));
    expect(again.map((response) => response.status)).toEqual(Array(12).fill(200));
    const messages = await readTopic(kafka.brokers, kafka.topics.orders, { atLeast: 12 });
    expect(messages).toHaveLength(12);
    expect(await app.context.db.query("SELECT 1 FROM webhook_deliveries WHERE state = 'published'")).toHaveLength(12);
  });
});
