import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectDigest, type ErasureSubject } from '../../lib/privacy/erasure-subjects.ts';
import type { Database } from '../../lib/store/database.ts';
import { createErasureRepository, type EventSubjects } from '../../lib/store/erasure-repository.ts';
import { createOrderRepository } from '../../lib/store/order-repository.ts';
import { migrate } from '../../lib/store/migrate.ts';
import { openPgliteDatabase } from '../../lib/store/pglite-database.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { createTenantRepository } from '../../lib/store/tenant-repository.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import { orderEventFactory } from '../support/kafka-records.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

/**
 * Which events of a batch are about someone erased after they were received: each distinct subject
 * is looked up once, and the answer must be the one a probe per event in SQL gives — microseconds
 * included, since the store keeps tombstones to the microsecond and events to the millisecond.
 */
describe.each(['postgres', 'pglite'] as const)('erasure tombstones refuse replays (%s)', (store) => {
  let database: TestDatabase | undefined;
  let db: Database;

  beforeAll(async () => {
    if (store === 'postgres') database = await createTestDatabase('erasure_repo');
    db = database ? openPostgresDatabase(database.url) : await openPgliteDatabase(undefined);
    await migrate(db);
    const tenants = createTenantRepository(db);
    for (const id of ['acme', 'gone', 'other']) await createTenant({ id, platform: 'shopify', webhookSecret: 's' }, { tenants });
    const tombstone = (tenantId: string, subject: ErasureSubject, at: string) =>
      db.query('INSERT INTO erasure_tombstones (tenant_id, subject, erased_at) VALUES ($1, $2, $3::timestamptz)', [tenantId, subjectDigest(subject), at]);
    // Half a millisecond past a whole millisecond: an event received at that millisecond is older.
    await tombstone('acme', { kind: 'customer', key: 'c:erased' }, '2026-01-01T10:00:00.000500Z');
    await tombstone('acme', { kind: 'order', id: 'o-erased' }, '2026-01-01T12:00:00Z');
    await tombstone('gone', { kind: 'shop' }, '2026-01-02T00:00:00Z');
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  /** The check as one probe per subject of every event, compared in SQL (what the store did before). */
  const probedOneByOne = async (events: readonly EventSubjects[]) => {
    const probes = events.flatMap((event, index) => [
      { index, tenant_id: event.tenantId, subject: subjectDigest({ kind: 'shop' }), at: event.at.toISOString() },
      ...(event.customerKey ? [{ index, tenant_id: event.tenantId, subject: subjectDigest({ kind: 'customer', key: event.customerKey }), at: event.at.toISOString() }] : []),
      ...(event.orderId ? [{ index, tenant_id: event.tenantId, subject: subjectDigest({ kind: 'order', id: event.orderId }), at: event.at.toISOString() }] : []),
    ]);
    const rows = await db.query<{ index: number }>(
      `SELECT DISTINCT p.index FROM jsonb_to_recordset($1::jsonb) AS p(index int, tenant_id text, subject text, at timestamptz)
       JOIN erasure_tombstones t ON t.tenant_id = p.tenant_id AND t.subject = p.subject AND t.erased_at > p.at`,
      [JSON.stringify(probes)],
    );
    return new Set(rows.map((row) => row.index));
  };

  it('refuses exactly the events a probe per event refuses, subjects shared across the batch', async () => {
    // Prepare: every combination of tenant, customer, order and receipt time, so subjects repeat
    const times = ['2026-01-01T09:00:00Z', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.001Z', '2026-01-01T11:59:59.999Z', '2026-01-03T00:00:00Z'];
    const events: EventSubjects[] = [];
    for (const tenantId of ['acme', 'gone', 'other'])
      for (const customerKey of ['c:erased', 'c:kept', null])
        for (const orderId of ['o-erased', 'o-kept', null]) for (const at of times) events.push({ tenantId, customerKey, orderId, at: new Date(at) });
    // Act
    const erased = await createErasureRepository(db).erased(events);
    // Assess
    expect([...erased].sort((a, b) => a - b)).toEqual([...(await probedOneByOne(events))].sort((a, b) => a - b));
    const refused = (tenantId: string, customerKey: string | null, orderId: string | null, at: string) =>
      erased.has(events.findIndex((event) => event.tenantId === tenantId && event.customerKey === customerKey && event.orderId === orderId && event.at.toISOString() === new Date(at).toISOString()));
    expect(refused('acme', 'c:erased', null, '2026-01-01T10:00:00.000Z')).toBe(true); // half a millisecond before the erasure
    expect(refused('acme', 'c:erased', null, '2026-01-01T10:00:00.001Z')).toBe(false);
    expect(refused('acme', 'c:kept', 'o-erased', '2026-01-01T11:59:59.999Z')).toBe(true);
    expect(refused('gone', 'c:kept', 'o-kept', '2026-01-01T09:00:00Z')).toBe(true); // the whole shop
    expect(refused('other', 'c:erased', 'o-erased', '2026-01-01T09:00:00Z')).toBe(false); // another shop's tombstones
  });

  it('an empty batch, and a batch about no one erased, refuse nothing', async () => {
    const erasures = createErasureRepository(db);
    expect(await erasures.erased([])).toEqual(new Set());
    expect(await erasures.erased([{ tenantId: 'acme', customerKey: 'c:kept', orderId: 'o-kept', at: new Date('2026-01-01T00:00:00Z') }])).toEqual(new Set());
  });

  it('recording a batch refuses, in the same statement, exactly the events the check refuses, and stores nothing of them', async () => {
    // Prepare: order events over every combination of shop, customer, order and receipt time (one a
    // tenth of a millisecond past the customer's tombstone's millisecond: still older, to the millisecond)
    const times = ['2026-01-01T09:00:00Z', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.0004Z', '2026-01-01T10:00:00.001Z', '2026-01-01T11:59:59.999Z', '2026-01-03T00:00:00Z'];
    const events = ['acme', 'gone', 'other'].flatMap((tenantId) =>
      ['c:erased', 'c:kept'].flatMap((customerKey) =>
        ['o-erased', 'o-kept'].flatMap((orderId) =>
          times.map((receivedAt, index) =>
            orderEventFactory({
              tenantId,
              orderId,
              eventId: `replay:${tenantId}:${customerKey}:${orderId}:${index}`,
              receivedAt,
              customer: { ...orderEventFactory().customer, key: customerKey },
            }),
          ),
        ),
      ),
    );
    const expected = await createErasureRepository(db).erased(
      events.map((event) => ({ tenantId: event.tenantId, customerKey: event.customer.key, orderId: event.order.id, at: new Date(event.receivedAt) })),
    );
    // Act
    const { outcomes } = await createOrderRepository(db).recordMany(events.map((event) => ({ event, source: 'replay' })));
    // Assess
    expect(expected.size).toBeGreaterThan(0);
    expect(outcomes.flatMap((outcome, index) => (outcome === 'erased' ? [index] : []))).toEqual([...expected].sort((a, b) => a - b));
    expect(outcomes.filter((outcome) => outcome !== 'erased').every((outcome) => outcome === 'recorded')).toBe(true);
    const stored = await db.query<{ event_id: string }>(`SELECT event_id FROM order_events WHERE event_id LIKE 'replay:%'`);
    expect(stored.map((row) => row.event_id).sort()).toEqual(events.filter((_, index) => !expected.has(index)).map((event) => event.eventId).sort());
    const refusedAt = (tenantId: string, customerKey: string, orderId: string, receivedAt: string) =>
      outcomes[events.findIndex((event) => event.tenantId === tenantId && event.customer.key === customerKey && event.order.id === orderId && event.receivedAt === receivedAt)];
    expect(refusedAt('acme', 'c:erased', 'o-kept', '2026-01-01T10:00:00.0004Z')).toBe('erased');
    expect(refusedAt('acme', 'c:erased', 'o-kept', '2026-01-01T10:00:00.001Z')).toBe('recorded');
    expect(refusedAt('other', 'c:erased', 'o-erased', '2026-01-01T09:00:00Z')).toBe('recorded');
  });
});
