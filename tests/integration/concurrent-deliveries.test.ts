import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { migrate } from '../../lib/store/migrate.ts';
import { createTenantRepository } from '../../lib/store/tenant-repository.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import type { Database } from '../../lib/store/database.ts';
import { startChildApp, type ChildApp } from '../support/child-app.ts';
import { readTopic, startKafka, type TestKafka } from '../support/kafka.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { webhookFixture } from '../support/shared.ts';

describe('the same delivery five times at once, across two OS processes sharing one PostgreSQL', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let db: Database;
  let apps: ChildApp[] = [];

  beforeAll(async () => {
    [database, kafka] = await Promise.all([createTestDatabase('concurrent'), startKafka()]);
    db = openPostgresDatabase(database.url);
    await migrate(db);
    await createTenant({ id: 'shop', platform: 'shopify', webhookSecret: 'secret' }, { tenants: createTenantRepository(db) });
    apps = await Promise.all([
      startChildApp({ DATABASE_URL: database.url, ...kafka.env }),
      startChildApp({ DATABASE_URL: database.url, ...kafka.env }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await db?.close();
    await kafka?.stop();
    await database?.drop();
  });

  it('is published once and recorded once; every other copy is told it is a duplicate', async () => {
    // Prepare
    const body = webhookFixture('shopify_order_paid_fulfilled.order-resource.json');
    const headers = shopifyHeaders(body, 'secret', { topic: 'orders/fulfilled', eventId: 'the-one-event' });
    const [first, second] = apps;
    // Act: 3 copies to one process, 2 to the other, all at once
    const statuses = await Promise.all(
      [first, first, second, first, second].map(async (app) => {
        const response = await fetch(`${app!.url}/webhooks/shopify/shop`, { method: 'POST', body, headers });
        return response.status;
      }),
    );
    // Assess
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
    const messages = await readTopic(kafka.brokers, kafka.topics.orders, { atLeast: 1 });
    expect(messages).toHaveLength(1);
    const rows = await db.query("SELECT state FROM webhook_deliveries WHERE tenant_id = 'shop'");
    expect(rows).toEqual([{ state: 'published' }]);
  });
});
