import { describe, expect, it } from 'vitest';
import { OrderEventSchema, type OrderEvent } from '../../events/order-event.ts';
import { RecoverySignalSchema } from '../../events/recovery-signal.ts';
import { parseJsonLosslessly } from '../../lib/json/parse-json-losslessly.ts';
import { normaliseShopifyWebhook } from '../../lib/platforms/shopify/normalise.ts';
import { proactiveSignalsOf } from '../../lib/recovery/proactive-signals.ts';
import { orderEventFactory } from '../support/kafka-records.ts';
import { webhookFixture } from '../support/shared.ts';

const now = new Date('2026-11-23T10:00:00Z');
const withFulfilment = (status: string, changes: Partial<OrderEvent> = {}) =>
  orderEventFactory({ ...changes, fulfilment: { status, fulfilledAt: '2025-04-02T16:31:05.000Z', deliveredAt: null } });
const failuresOf = (event: OrderEvent) => proactiveSignalsOf(event, now).map((signal) => [signal.origin.kind === 'order' && signal.origin.failure, signal.signalId]);

describe('proactive recovery signals from the order stream', () => {
  it('Shopify’s own cancelled-and-refunded order (cancel_reason "other") is cancelled by the merchant', async () => {
    // Prepare: the platform's fixture through the real normaliser
    const normalised = await normaliseShopifyWebhook(
      parseJsonLosslessly(webhookFixture('shopify_order_cancelled_refunded.order-resource.json').toString('utf8')),
      { tenantId: 'acme', platform: 'shopify', topic: 'orders/cancelled', deliveryId: 'd-1', receivedAt: now, storedCustomerKey: async () => null },
    );
    if (normalised.outcome !== 'event') throw new Error('expected an event');
    const event = OrderEventSchema.parse(normalised.event);
    // Act
    const signals = proactiveSignalsOf(event, now);
    // Assess
    expect(signals).toHaveLength(1);
    const [signal] = signals;
    expect(RecoverySignalSchema.safeParse(signal).error).toBeUndefined();
    expect(signal).toMatchObject({
      signalId: 'order:450789469:cancelled_by_merchant',
      tenantId: 'acme',
      orderId: '450789469',
      customer: { key: 'c:207119551', email: 'bob.norman@mail.example.com' },
      orderNumber: '#1001',
      origin: { kind: 'order', eventId: event.eventId, failure: 'cancelled_by_merchant', detail: 'other' },
      issues: [],
      occurredAt: event.occurredAt,
      raisedAt: now.toISOString(),
    });
    expect(signal?.version).toBe(2);
    expect(signal?.summary).toBe('Cancelled by the shop (other)');
  });

  it.each([
    ['a fulfilled order', orderEventFactory()],
    ['a delivered order', withFulfilment('delivered', { kind: 'delivered' })],
    ['a parcel in transit', withFulfilment('in_transit')],
  ])('nothing for %s', (_what, event) => {
    expect(proactiveSignalsOf(event, now)).toEqual([]);
  });

  it.each([
    ['shopify', 'inventory', null, 'cancelled_by_merchant'],
    ['shopify', 'fraud', null, 'cancelled_by_merchant'],
    ['shopify', 'declined', null, 'cancelled_by_merchant'],
    ['shopify', 'staff', null, 'cancelled_by_merchant'],
    ['shopify', 'customer', null, 'cancelled_by_customer'],
    ['shopify', null, 'cancelled', 'cancelled_unknown'],
    ['woocommerce', null, 'cancelled', 'cancelled_unknown'],
    ['woocommerce', null, 'trash', 'cancelled_unknown'],
    ['bigcommerce', null, 'Declined', 'cancelled_by_merchant'],
    ['bigcommerce', null, 'Cancelled', 'cancelled_unknown'],
  ] as const)('a %s cancellation (reason %s, status %s) → %s', (platform, reason, status, failure) => {
    // Prepare
    const event = orderEventFactory({ platform, kind: 'cancelled', order: { ...orderEventFactory().order, cancelReason: reason, status } });
    // Act / Assess
    expect(failuresOf(event)).toEqual([[failure, `order:1073459972:${failure}`]]);
  });

  it('a full and a partial refund, with the amounts triage weighs', () => {
    // Prepare
    const full = orderEventFactory({ kind: 'refunded', order: { ...orderEventFactory().order, refundedTotal: '199.00' } });
    const partial = orderEventFactory({ kind: 'partially_refunded', order: { ...orderEventFactory().order, refundedTotal: '20.00' } });
    // Act / Assess
    expect(proactiveSignalsOf(full, now)[0]?.origin).toMatchObject({
      failure: 'refunded_full',
      detail: 'full refund of 199.00 USD',
      amounts: { currency: 'USD', orderTotal: '199.00', refundedTotal: '199.00' },
    });
    expect(proactiveSignalsOf(partial, now)[0]).toMatchObject({
      summary: 'Partly refunded (20.00 USD)',
      origin: { failure: 'refunded_partial', amounts: { orderTotal: '199.00', refundedTotal: '20.00' } },
    });
  });

  it('a carrier status of failure is a failed delivery, delayed a late one', () => {
    expect(failuresOf(withFulfilment('failure'))).toEqual([['delivery_failed', 'order:1073459972:delivery_failed']]);
    expect(failuresOf(withFulfilment('not_delivered'))).toEqual([['delivery_failed', 'order:1073459972:delivery_failed']]);
    expect(failuresOf(withFulfilment('delayed'))).toEqual([['delivery_late', 'order:1073459972:delivery_late']]);
  });

  it('partial fulfilment: Shopify’s partial status or topic, BigCommerce’s Partially Shipped', () => {
    expect(failuresOf(withFulfilment('partial'))).toEqual([['partially_fulfilled', 'order:1073459972:partially_fulfilled']]);
    expect(failuresOf(orderEventFactory({ topic: 'orders/partially_fulfilled' }))[0]?.[0]).toBe('partially_fulfilled');
    const bigCommerce = orderEventFactory({ platform: 'bigcommerce', kind: 'paid', order: { ...orderEventFactory().order, status: 'Partially Shipped' } });
    expect(failuresOf(bigCommerce)[0]?.[0]).toBe('partially_fulfilled');
  });

  it('the same failure seen in two events of one order is one signal (same id)', () => {
    const first = orderEventFactory({ eventId: 'shopify:orders/cancelled:1', kind: 'cancelled', order: { ...orderEventFactory().order, cancelReason: 'inventory' } });
    const update = { ...first, eventId: 'shopify:orders/updated:2' };
    expect(proactiveSignalsOf(first, now)[0]?.signalId).toBe(proactiveSignalsOf(update, now)[0]?.signalId);
  });
});
