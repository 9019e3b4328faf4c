import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/orders.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import { kafkaRecordFactory, orderEventFactory, savedSample, selfManagedKafkaEvent } from '../support/kafka-records.ts';
import { useFunctionContext } from '../support/function-context.ts';

/**
 * The orders function as Lambda calls it, with saved sample events, against real PostgreSQL.
 * The event log is the store-backed local log here: dead letters land in `local_log`.
 */
describe('orders function', () => {
  let context: AppContext;
  useFunctionContext('orders_fn', { onReady: (built) => void (context = built) });

  const countEvents = async (orderId: string) =>
    (await context.db.query('SELECT 1 FROM order_events WHERE order_id = $1', [orderId])).length;
  const deadLettersOnLog = () =>
    context.db.query<{ value: Uint8Array }>(`SELECT value FROM local_log WHERE topic = $1`, [context.topics.dlq]);

  it.each(['orders-self-managed-kafka.json', 'orders-msk.json'])('stores the order from the saved %s', async (name) => {
    // Act
    const result = await handler(savedSample(name));
    // Assess
    expect(result.outcomes[0]).toMatch(/recorded|duplicate/);
    const order = await context.orders.find('acme', '1073459972');
    expect(order).toMatchObject({ kind: 'fulfilled', customerKey: 'c:1073339470', total: '199.00' });
  });

  it('a redelivered batch changes nothing', async () => {
    // Prepare
    const event = selfManagedKafkaEvent([
      kafkaRecordFactory(orderEventFactory({ orderId: '501', eventId: 'shopify:orders/paid:r1', kind: 'paid' }), { offset: 1 }),
      kafkaRecordFactory(orderEventFactory({ orderId: '501', eventId: 'shopify:orders/fulfilled:r2', kind: 'fulfilled', occurredAt: '2025-04-03T00:00:00.000Z' }), { offset: 2 }),
    ]);
    // Act
    const first = await handler(event);
    const before = await context.orders.find('acme', '501');
    const again = await handler(event);
    // Assess
    expect(first.outcomes).toEqual(['recorded', 'recorded']);
    expect(again.outcomes).toEqual(['duplicate', 'duplicate']);
    expect(await countEvents('501')).toBe(2);
    expect(await context.orders.find('acme', '501')).toEqual(before);
  });

  it('one bad record never sinks the batch: poison records are dead-lettered with their reason', async () => {
    // Prepare: not JSON; JSON but not an OrderEvent; an OrderEvent of a tenant that does not exist
    const event = selfManagedKafkaEvent([
      kafkaRecordFactory(orderEventFactory({ orderId: '601', eventId: 'e-601' }), { offset: 10, partition: 1 }),
      kafkaRecordFactory('ada@example.com {"not json', { offset: 11, partition: 1 }),
      kafkaRecordFactory(JSON.stringify({ schema: 'afterglow.OrderEvent', version: 1, kind: 'paid' }), { offset: 12, partition: 1 }),
      kafkaRecordFactory(orderEventFactory({ orderId: '602', eventId: 'e-602', tenantId: 'ghost' }), { offset: 13, partition: 1 }),
      kafkaRecordFactory(orderEventFactory({ orderId: '603', eventId: 'e-603' }), { offset: 14, partition: 1 }),
    ]);
    // Act
    const result = await handler(event);
    const redelivered = await handler(event);
    // Assess
    expect(result.outcomes).toEqual(['recorded', 'dead_lettered', 'dead_lettered', 'dead_lettered', 'recorded']);
    expect(redelivered.outcomes).toEqual(['duplicate', 'dead_lettered', 'dead_lettered', 'dead_lettered', 'duplicate']);
    const letters = await context.deadLetterStore.list({ handler: 'orders' });
    const reasons = letters.map((letter) => letter.reason).sort();
    expect(reasons).toHaveLength(3);
    expect(reasons[0]).toMatch(/^not an OrderEvent: eventId/);
    expect(reasons[1]).toMatch(/^tenant ghost does not exist/);
    expect(reasons[2]).toMatch(/^value is not JSON/);
    // The reason says where, never what: V8's own message quoted the value's first characters
    expect(reasons[2]).not.toContain('ada@');
    // set aside once on the DLQ topic, though delivered twice
    const onLog = (await deadLettersOnLog()).map((row) => JSON.parse(Buffer.from(row.value).toString('utf8')));
    expect(onLog).toHaveLength(3);
    expect(onLog.map((letter) => letter.source.offset).sort()).toEqual(['11', '12', '13']);
    // The dead letter itself keeps the value, to be redriven
    expect(onLog.find((letter) => letter.source.offset === '11')?.payload).toBe('ada@example.com {"not json');
  });

  it('a replay of an erased customer beside a record the store refuses is still dropped: not stored, not dead-lettered, never asked', async () => {
    // Prepare: a customer erased after their order event was received, that event replayed in a
    // batch with an event of a tenant that does not exist (so the batch is stored one by one)
    const erasedCustomer = { ...orderEventFactory().customer, key: 'c:erased-701' };
    const replayed = orderEventFactory({ orderId: '701', eventId: 'e-701', receivedAt: '2026-01-01T00:00:00.000Z', customer: erasedCustomer });
    await context.erasures.tombstone(context.db, 'acme', [{ kind: 'customer', key: 'c:erased-701' }], new Date('2026-01-02T00:00:00Z'));
    const event = selfManagedKafkaEvent([
      kafkaRecordFactory(replayed, { offset: 30, partition: 2 }),
      kafkaRecordFactory(orderEventFactory({ orderId: '702', eventId: 'e-702', tenantId: 'ghost' }), { offset: 31, partition: 2 }),
      kafkaRecordFactory(orderEventFactory({ orderId: '703', eventId: 'e-703' }), { offset: 32, partition: 2 }),
    ]);
    // Act
    const result = await handler(event);
    // Assess
    expect(result.outcomes).toEqual(['erased', 'dead_lettered', 'recorded']);
    expect(await countEvents('701')).toBe(0);
    expect(await context.orders.find('acme', '701')).toBeNull();
    const letters = await context.deadLetterStore.list({ handler: 'orders' });
    expect(letters.filter((letter) => letter.source.kind === 'kafka' && letter.source.partition === 2).map((letter) => letter.source.kind === 'kafka' && letter.source.offset)).toEqual(['31']);
    const asks = await context.db.query<{ order_id: string; kind: string }>(`SELECT order_id, kind FROM outreach WHERE order_id IN ('701', '703') ORDER BY order_id, kind`);
    expect(asks.map((ask) => ask.order_id)).not.toContain('701');
    expect(asks).toContainEqual({ order_id: '703', kind: 'feedback_request' });
  });

  it('an event that is not a Kafka event fails loudly (a misconfigured trigger, not a bad record)', async () => {
    await expect(handler({ Records: [] })).rejects.toThrow(/not a Kafka Lambda event/);
  });
});
