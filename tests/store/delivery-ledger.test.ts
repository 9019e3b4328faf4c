import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../lib/store/database.ts';
import { createDeliveryLedger } from '../../lib/store/delivery-ledger.ts';
import { migrate } from '../../lib/store/migrate.ts';
import { openPgliteDatabase } from '../../lib/store/pglite-database.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { createTenantRepository } from '../../lib/store/tenant-repository.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

/** Claims and records made at once go as one statement each; every caller must still get its own answer. */
describe.each(['postgres', 'pglite'] as const)('delivery ledger, concurrent calls grouped (%s)', (store) => {
  let database: TestDatabase | undefined;
  let db: Database;
  const now = new Date('2026-12-03T10:00:00Z');

  beforeAll(async () => {
    if (store === 'postgres') database = await createTestDatabase('ledger');
    db = database ? openPostgresDatabase(database.url) : await openPgliteDatabase(undefined);
    await migrate(db);
    await createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 's' }, { tenants: createTenantRepository(db) });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const states = async (prefix: string) =>
    db.query<{ delivery_key: string; state: string; event_id: string | null }>(
      'SELECT delivery_key, state, event_id FROM webhook_deliveries WHERE delivery_key LIKE $1 ORDER BY delivery_key',
      [`${prefix}%`],
    );

  it('claims many deliveries at once, each its own; the same delivery twice at once is claimed once', async () => {
    // Prepare
    const ledger = createDeliveryLedger(db);
    // Act: 20 deliveries, one of them three times, all in the same turn
    const keys = [...Array.from({ length: 20 }, (_, index) => `a:${index}`), 'a:7', 'a:7'];
    const claims = await Promise.all(keys.map((key) => ledger.claim('acme', key, now)));
    // Assess
    const ofSeven = claims.filter((_, index) => keys[index] === 'a:7');
    expect(ofSeven.filter((claim) => claim.outcome === 'claimed')).toHaveLength(1);
    expect(ofSeven.filter((claim) => claim.outcome === 'in_flight')).toHaveLength(2);
    expect(claims.filter((claim) => claim.outcome === 'claimed')).toHaveLength(20);
    expect(new Set(claims.flatMap((claim) => (claim.outcome === 'claimed' ? [claim.token] : []))).size).toBe(20);
    expect(await states('a:')).toHaveLength(20);
  });

  it('records many at once; a recorded delivery is then a duplicate, a released one can be claimed again', async () => {
    // Prepare
    const ledger = createDeliveryLedger(db);
    const keys = Array.from({ length: 10 }, (_, index) => `b:${index}`);
    const claims = await Promise.all(keys.map((key) => ledger.claim('acme', key, now)));
    const tokens = claims.map((claim) => (claim.outcome === 'claimed' ? claim.token : ''));
    // Act: all but the last recorded at once (their events on the log); the last one's publish failed
    await Promise.all(keys.slice(0, 9).map((key, index) => ledger.markPublished('acme', key, tokens[index]!, `evt-${index}`, now)));
    await ledger.release('acme', 'b:9', tokens[9]!);
    const again = await Promise.all(keys.map((key) => ledger.claim('acme', key, now)));
    // Assess
    expect(again.slice(0, 9).map((claim) => claim.outcome)).toEqual(Array(9).fill('published'));
    expect(again[9]?.outcome).toBe('claimed');
    const rows = await states('b:');
    expect(rows.slice(0, 9).map((row) => [row.state, row.event_id])).toEqual(keys.slice(0, 9).map((_, index) => ['published', `evt-${index}`]));
  });

  it('a claim held by a live holder is in flight; one older than the lease is taken over', async () => {
    // Prepare
    const ledger = createDeliveryLedger(db, { leaseMs: 30_000 });
    await ledger.claim('acme', 'c:live', now);
    await ledger.claim('acme', 'c:stale', new Date(now.getTime() - 31_000));
    // Act
    const [live, stale] = await Promise.all([ledger.claim('acme', 'c:live', now), ledger.claim('acme', 'c:stale', now)]);
    // Assess
    expect(live.outcome).toBe('in_flight');
    expect(stale.outcome).toBe('claimed');
  });

  it('one delivery that cannot be written fails alone; the others of its group are claimed and recorded', async () => {
    // Prepare: a tenant that does not exist (erased a moment ago) breaks the statement for the whole group
    const ledger = createDeliveryLedger(db);
    // Act
    const claims = await Promise.allSettled([ledger.claim('acme', 'd:1', now), ledger.claim('gone', 'd:2', now), ledger.claim('acme', 'd:3', now)]);
    // Assess
    expect(claims.map((claim) => claim.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(claims.map((claim) => (claim.status === 'fulfilled' ? claim.value.outcome : null))).toEqual(['claimed', null, 'claimed']);
    const records = await Promise.allSettled([
      ledger.markPublished('acme', 'd:1', 't', 'e1', now),
      ledger.markPublished('gone', 'd:2', 't', 'e2', now),
      ledger.markPublished('acme', 'd:3', 't', 'e3', now),
    ]);
    expect(records.map((record) => record.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await states('d:')).map((row) => row.state)).toEqual(['published', 'published']);
  });
});
