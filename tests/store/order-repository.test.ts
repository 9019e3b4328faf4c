import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../lib/store/database.ts';
import { migrate } from '../../lib/store/migrate.ts';
import { journeyFactKey } from '../../lib/orders/journey-fact-key.ts';
import { createOrderRepository, type OrderRepository } from '../../lib/store/order-repository.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { createTenantRepository } from '../../lib/store/tenant-repository.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import { orderEventFactory } from '../support/kafka-records.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

describe('order repository (PostgreSQL)', () => {
  let database: TestDatabase;
  let db: Database;
  let orders: OrderRepository;

  beforeAll(async () => {
    database = await createTestDatabase('orders_repo');
    db = openPostgresDatabase(database.url);
    await migrate(db);
    expect(await migrate(db)).toEqual([]); // a second run has nothing to do
    await createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 's' }, { tenants: createTenantRepository(db) });
    orders = createOrderRepository(db);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('applies events by event time whatever the arrival order; equal times go by precedence', async () => {
    // Prepare
    const at = (minute: number) => `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const event = (id: string, kind: 'placed' | 'paid' | 'delivered' | 'refunded', minute: number) =>
      orderEventFactory({ orderId: 'ooo', eventId: id, kind, occurredAt: at(minute) });
    // Act: delivered (10:30) first, then placed (10:00), paid (10:05), then refunded at 10:30 too
    for (const next of [event('d', 'delivered', 30), event('a', 'placed', 0), event('b', 'paid', 5), event('r', 'refunded', 30)]) {
      await orders.record(next, 'test');
    }
    // Assess
    const order = await orders.find('acme', 'ooo');
    expect(order?.kind).toBe('refunded');
    expect(order?.stateAt.toISOString()).toBe(at(30));
    expect(order?.deliveredAt?.toISOString()).toBe(at(30));
    expect((await orders.events('acme', 'ooo')).map((stored) => stored.kind)).toEqual(['placed', 'paid', 'delivered', 'refunded']);
  });

  it('a partial event (a fulfilment) moves the state but keeps the customer and items of the full order', async () => {
    // Prepare
    const full = orderEventFactory({ orderId: 'part', eventId: 'full-1', kind: 'paid', occurredAt: '2026-01-01T00:00:00.000Z' });
    const partial = orderEventFactory({
      orderId: 'part',
      eventId: 'partial-1',
      kind: 'delivered',
      snapshot: 'partial',
      occurredAt: '2026-01-02T00:00:00.000Z',
      items: [],
      customer: { ...full.customer, id: null, email: null, firstName: null },
    });
    // Act
    await orders.record(full, 'test');
    await orders.record(partial, 'test');
    // Assess
    const order = await orders.find('acme', 'part');
    expect(order?.kind).toBe('delivered');
    expect(order?.customer.email).toBe('foo@example.com');
    expect(order?.items).toHaveLength(1);
  });

  it('records an event id once, however often it comes', async () => {
    const event = orderEventFactory({ orderId: 'once', eventId: 'once-1' });
    expect(await orders.record(event, 'p0@1')).toBe('recorded');
    expect(await Promise.all([orders.record(event, 'p0@1'), orders.record(event, 'p0@2')])).toEqual(['duplicate', 'duplicate']);
    expect(await orders.events('acme', 'once')).toHaveLength(1);
  });

  it('a batch in one statement gives what one-by-one gives, whatever the order, duplicates included', async () => {
    // Prepare: the same five events for two orders, shuffled, one of them twice
    const at = (minute: number) => `2026-02-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const events = (orderId: string) => [
      orderEventFactory({ orderId, eventId: `${orderId}-a`, kind: 'placed', occurredAt: at(0) }),
      orderEventFactory({ orderId, eventId: `${orderId}-b`, kind: 'paid', occurredAt: at(5) }),
      orderEventFactory({ orderId, eventId: `${orderId}-c`, kind: 'delivered', snapshot: 'partial', items: [], occurredAt: at(40) }),
      orderEventFactory({ orderId, eventId: `${orderId}-d`, kind: 'fulfilled', occurredAt: at(20), order: { ...orderEventFactory().order, id: orderId, total: '250.00' } }),
    ];
    const [a, b, c, d] = events('batch');
    // Act
    const { outcomes } = await orders.recordMany([c!, a!, d!, b!, a!].map((event) => ({ event, source: 'test' })));
    for (const event of events('single')) await orders.record(event, 'test');
    // Assess
    expect(outcomes).toEqual(['recorded', 'recorded', 'recorded', 'recorded', 'duplicate']);
    const batch = await orders.find('acme', 'batch');
    const single = await orders.find('acme', 'single');
    expect(batch).toMatchObject({ kind: 'delivered', total: '250.00', items: single?.items, deliveredAt: single?.deliveredAt });
    expect({ ...batch, orderId: '', lastEventId: '' }).toEqual({ ...single, orderId: '', lastEventId: '' });
  });

  it('the journey facts a batch reports are the ones read once it is stored: history before the batch and in it, duplicates, partial events', async () => {
    // Prepare: history stored before the batch (a cancel, a fulfilment, an order seen before)
    const at = (hour: number) => `2026-03-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const customer = (key: string) => ({ ...orderEventFactory().customer, key });
    const event = (orderId: string, id: string, kind: 'placed' | 'fulfilled' | 'cancelled' | 'refunded' | 'delivered', hour: number, extra: object = {}) =>
      orderEventFactory({ orderId, eventId: `facts-${id}`, kind, occurredAt: at(hour), customer: customer(`c:${orderId}`), ...extra });
    const before = [event('f-cancelled', '1', 'cancelled', 1), event('f-early', '2', 'fulfilled', 2), event('f-seen', '3', 'placed', 1)];
    await orders.recordMany(before.map((each) => ({ event: each, source: 'before' })));
    const batch = [
      event('f-cancelled', '4', 'fulfilled', 3),
      event('f-early', '5', 'fulfilled', 1), // fulfilled earlier than the stored fulfilment, by event time
      before[2]!, // a redelivery: only a duplicate names this order
      event('f-new', '6', 'fulfilled', 4),
      event('f-new', '7', 'refunded', 5),
      event('f-new', '8', 'fulfilled', 6),
      event('f-partial', '9', 'placed', 1),
      event('f-partial', '10', 'delivered', 7, { snapshot: 'partial', customer: customer('o:f-partial') }),
    ];
    // Act
    const { journeyFacts } = await orders.recordMany(batch.map((each) => ({ event: each, source: 'batch' })));
    // Assess
    const orderIds = ['f-cancelled', 'f-early', 'f-seen', 'f-new', 'f-partial'];
    const readAfter = await orders.journeyFacts(orderIds.map((orderId) => ({ tenantId: 'acme', orderId })));
    expect(new Map(journeyFacts)).toEqual(new Map(readAfter));
    expect(readAfter.size).toBe(orderIds.length);
    const fact = (orderId: string) => journeyFacts.get(journeyFactKey('acme', orderId));
    expect(fact('f-cancelled')).toMatchObject({ calledOff: true, fulfilledAt: new Date(at(3)) });
    expect(fact('f-early')).toMatchObject({ calledOff: false, fulfilledAt: new Date(at(1)) });
    expect(fact('f-seen')).toEqual({ customerKey: 'c:f-seen', calledOff: false, fulfilledAt: null });
    expect(fact('f-new')).toMatchObject({ calledOff: true, fulfilledAt: new Date(at(4)) });
    expect(fact('f-partial')?.customerKey).toBe('c:f-partial'); // the partial event keeps the full order's customer
  });
});
