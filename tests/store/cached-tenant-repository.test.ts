import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenantCache } from '../../lib/store/cached-tenant-repository.ts';
import type { Database } from '../../lib/store/database.ts';
import { migrate } from '../../lib/store/migrate.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { createTenantRepository } from '../../lib/store/tenant-repository.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { waitFor } from '../support/test-app.ts';

describe('the tenant cache, against PostgreSQL', () => {
  let database: TestDatabase;
  let db: Database;
  /** Another process's connection: it holds the tenant's row while the merchant's change waits for it. */
  let other: Database;

  beforeAll(async () => {
    database = await createTestDatabase('tenant_cache');
    db = openPostgresDatabase(database.url);
    other = openPostgresDatabase(database.url, { max: 1 });
    await migrate(db);
    await createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 's' }, { tenants: createTenantRepository(db) });
  });
  afterAll(async () => {
    await other?.close();
    await db?.close();
    await database?.drop();
  });

  it('a read made while a change is being written does not keep the settings as they were: the next read sees the change at once', async () => {
    // Prepare: the change will wait on the tenant's row, held by another transaction
    const tenants = withTenantCache(createTenantRepository(db), { ttlMs: 60_000 });
    expect((await tenants.findById('acme'))?.settings.feedback.scale).toBe('nps');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const rowLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = other.transaction(async (tx) => {
      await tx.query('SELECT id FROM tenants WHERE id = $1 FOR UPDATE', ['acme']);
      locked();
      await held;
    });
    await rowLocked;
    // Act: the merchant's change starts and waits; a page reads the tenant meanwhile; the change commits
    const change = changeTenantSettings('acme', ['feedback.scale=csat'], 'test', { tenants });
    await waitFor(async () => {
      const [waiting] = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return (waiting?.count ?? 0) > 0;
    }, { what: 'the change waiting on the row' });
    const duringTheChange = await tenants.findById('acme');
    release();
    await holder;
    await change;
    // Assess: what the read found was the old scale, and it was not kept
    expect(duringTheChange?.settings.feedback.scale).toBe('nps');
    expect((await tenants.findById('acme'))?.settings.feedback.scale).toBe('csat');
  });

  it('a read with no change in flight is kept (the cache still saves the lookups)', async () => {
    // Prepare
    const tenants = withTenantCache(createTenantRepository(db), { ttlMs: 60_000 });
    // Act
    await tenants.findById('acme');
    await tenants.findById('acme');
    // Assess
    expect(tenants.cachedEntries?.()).toBe(1);
  });
});
