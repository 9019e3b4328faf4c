import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApiEvent } from '../../events/http-api-event.ts';
import { handler as feedbackPage } from '../../functions/feedback-page.ts';
import { handler as health } from '../../functions/health.ts';
import { handler as orders } from '../../functions/orders.ts';
import { handler as testimonialsExport } from '../../functions/testimonials-export.ts';
import { handler as webhook } from '../../functions/webhook.ts';
import { SchemaBehindError } from '../../lib/errors.ts';
import { appContext, migrateStore, useAppContext } from '../../lib/runtime/app-context.ts';
import { loadConfig } from '../../lib/runtime/config.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { MIGRATIONS } from '../../lib/store/migrations.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import { runCli } from '../support/cli.ts';
import { kafkaRecordFactory, orderEventFactory, selfManagedKafkaEvent } from '../support/kafka-records.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyHeaders } from '../support/sign.ts';

/**
 * A deploy whose `afterglow migrate` has not run yet, as Lambda meets it: every function (the streamed
 * export included) finds the schema behind and fails retryably (503 with Retry-After on HTTP, a thrown invocation on Kafka),
 * migrates nothing and dead-letters nothing; after `npx afterglow migrate` the same events succeed.
 */
describe('functions on a schema behind the code', () => {
  let database: TestDatabase;
  const saved = { ...process.env };

  const httpEvent = (routeKey: string, rawPath: string, changes: Partial<HttpApiEvent> = {}): HttpApiEvent =>
    ({
      version: '2.0',
      routeKey,
      rawPath,
      rawQueryString: '',
      headers: {},
      requestContext: { requestId: 'r1', timeEpoch: Date.now(), http: { method: routeKey.split(' ')[0] ?? 'GET', path: rawPath, sourceIp: '203.0.113.9' } },
      isBase64Encoded: false,
      ...changes,
    }) as HttpApiEvent;
  /** API Gateway's HTTP API hands header names to Lambda in lower case. */
  const lowercased = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const order = orderEventFactory({ orderId: 'sb-1', eventId: 'sb:1' });
  const kafkaBatch = () => selfManagedKafkaEvent([kafkaRecordFactory(order, { offset: 7 })]);
  const tables = async () => {
    const db = openPostgresDatabase(database.url);
    try {
      return (await db.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")).map((row) => row.name);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase('schema_behind');
    // The Lambda runtime's environment: no migration on a cold start.
    Object.assign(process.env, { DATABASE_URL: database.url, AWS_LAMBDA_FUNCTION_NAME: 'afterglow-dev-webhook', LOG_LEVEL: 'silent', AFTERGLOW_MIGRATE_ON_START: '' });
  });
  afterEach(async () => {
    const built = await appContext().catch(() => null);
    useAppContext(null);
    await built?.close();
  });
  afterAll(async () => {
    process.env = saved;
    await database?.drop();
  });

  it('answers 503 with Retry-After on HTTP, throws on Kafka, and creates nothing', async () => {
    // Act
    const delivery = await webhook(httpEvent('POST /webhooks/{platform}/{tenantId}', '/webhooks/shopify/acme', { pathParameters: { platform: 'shopify', tenantId: 'acme' }, body: '{}' }));
    const page = await feedbackPage(httpEvent('GET /f/{token}', '/f/abc', { pathParameters: { token: 'abc' }, headers: { 'accept-language': 'fr' } }));
    const alive = await health(httpEvent('GET /health', '/health'));
    const exported = await testimonialsExport(httpEvent('GET /export/testimonials', '/export/testimonials', { headers: { authorization: 'Bearer ag_x' } }));
    const batch = orders(kafkaBatch());
    // Assess
    expect(delivery.statusCode).toBe(503);
    expect(delivery.headers?.['retry-after']).toBe('10');
    expect(JSON.parse(String(delivery.body)).error).toMatch(/schema is behind .*npx afterglow migrate/);
    expect(page.statusCode).toBe(503);
    expect(page.headers?.['content-type']).toMatch(/^text\/html/);
    expect(page.headers?.['retry-after']).toBe('30');
    expect(alive.statusCode).toBe(503);
    expect(exported.statusCode).toBe(503);
    expect(exported.headers?.['retry-after']).toBe('10');
    await expect(batch).rejects.toBeInstanceOf(SchemaBehindError);
    // nothing migrated, so nothing dead-lettered either: not even the tables exist
    expect(await tables()).toEqual([]);
  });

  it('after `npx afterglow migrate` (once per deploy) the same events succeed; a second run applies nothing', async () => {
    // Act
    const first = await runCli(['migrate'], { DATABASE_URL: database.url, AWS_LAMBDA_FUNCTION_NAME: '' });
    const second = await runCli(['migrate'], { DATABASE_URL: database.url, AWS_LAMBDA_FUNCTION_NAME: '' });
    const context = await appContext();
    await createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' }, { tenants: context.tenants });
    const body = JSON.stringify({ id: 8800, name: '#8800', email: 'sb@example.com', line_items: [], financial_status: 'paid', updated_at: '2026-11-01T10:00:00Z', created_at: '2026-11-01T10:00:00Z' });
    const delivery = await webhook(
      httpEvent('POST /webhooks/{platform}/{tenantId}', '/webhooks/shopify/acme', { pathParameters: { platform: 'shopify', tenantId: 'acme' }, body, headers: lowercased(shopifyHeaders(body, 'secret', { topic: 'orders/create' })) }),
    );
    const batch = await orders(kafkaBatch());
    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).applied).toEqual(MIGRATIONS.map((migration) => migration.id));
    expect(JSON.parse(second.stdout)).toEqual({ applied: [] });
    expect(delivery.statusCode, String(delivery.body)).toBe(202);
    expect(batch).toMatchObject({ batchItemFailures: [] });
    expect(await context.db.query('SELECT 1 FROM order_events WHERE order_id = $1', ['sb-1'])).toHaveLength(1);
    expect(await context.db.query('SELECT 1 FROM dead_letters')).toHaveLength(0);
  });

  it('two migrations at once are serialised: each migration applies once', async () => {
    // Prepare
    const other = await createTestDatabase('schema_race');
    try {
      const config = loadConfig({ DATABASE_URL: other.url, LOG_LEVEL: 'silent' });
      // Act
      const [a, b] = await Promise.all([migrateStore(config), migrateStore(config)]);
      // Assess
      expect([...a, ...b].sort()).toEqual(MIGRATIONS.map((migration) => migration.id).sort());
      expect(Math.min(a.length, b.length)).toBe(0);
    } finally {
      await other.drop();
    }
  });
});
