import { describe, expect, it } from 'vitest';
import { ORDER_KIND_PRECEDENCE } from '../../events/order-event.ts';
import { bigCommerceOrderKind } from '../../lib/platforms/bigcommerce/normalise.ts';
import { BigCommerceOrderSchema } from '../../lib/platforms/bigcommerce/payload.ts';
import { shopifyOrderKind } from '../../lib/platforms/shopify/normalise.ts';
import { ShopifyOrderSchema } from '../../lib/platforms/shopify/payload.ts';
import { wooCommerceOrderKind } from '../../lib/platforms/woocommerce/normalise.ts';
import { WooCommerceOrderSchema } from '../../lib/platforms/woocommerce/payload.ts';

describe('order kind precedence (DESIGN: cancelled > refunded > partially_refunded > delivered > completed > fulfilled > paid > placed)', () => {
  it('ranks the kinds in that order', () => {
    const ranked = Object.entries(ORDER_KIND_PRECEDENCE).sort(([, a], [, b]) => b - a).map(([kind]) => kind);
    expect(ranked).toEqual(['cancelled', 'refunded', 'partially_refunded', 'delivered', 'completed', 'fulfilled', 'paid', 'placed']);
  });

  const shopify = (fields: Record<string, unknown>) => shopifyOrderKind(ShopifyOrderSchema.parse({ id: 1, line_items: [], ...fields }));
  it.each([
    [{ cancelled_at: '2026-01-01T00:00:00Z', financial_status: 'refunded' }, 'cancelled'],
    [{ financial_status: 'voided' }, 'cancelled'],
    [{ financial_status: 'refunded', fulfillment_status: 'fulfilled' }, 'refunded'],
    [{ financial_status: 'partially_refunded', fulfillments: [{ id: 1, status: 'success', shipment_status: 'delivered' }] }, 'partially_refunded'],
    [{ financial_status: 'paid', fulfillment_status: 'fulfilled', fulfillments: [{ id: 1, status: 'success', shipment_status: 'delivered' }] }, 'delivered'],
    [{ financial_status: 'paid', fulfillment_status: 'fulfilled', fulfillments: [{ id: 1, status: 'success', shipment_status: 'in_transit' }] }, 'fulfilled'],
    [{ financial_status: 'paid', fulfillment_status: 'partial' }, 'paid'],
    [{ financial_status: 'pending' }, 'placed'],
    [{ financial_status: 'authorized' }, 'placed'],
  ])('Shopify %j → %s', (fields, kind) => {
    expect(shopify(fields)).toBe(kind);
  });

  const woo = (fields: Record<string, unknown>) =>
    wooCommerceOrderKind(WooCommerceOrderSchema.parse({ id: 1, status: 'pending', total: '30.00', line_items: [], ...fields }));
  it.each([
    [{ status: 'cancelled', refunds: [{ id: 1, total: '-30.00' }] }, 'cancelled'],
    [{ status: 'refunded' }, 'refunded'],
    [{ status: 'completed', refunds: [{ id: 1, total: '-30.00' }] }, 'refunded'],
    [{ status: 'completed', refunds: [{ id: 1, total: '-29.99' }] }, 'partially_refunded'],
    [{ status: 'delivered' }, 'delivered'],
    [{ status: 'completed' }, 'completed'],
    [{ status: 'shipped' }, 'fulfilled'],
    [{ status: 'processing' }, 'paid'],
    [{ status: 'on-hold' }, 'placed'],
    [{ status: 'some-plugin-status' }, 'placed'],
  ])('WooCommerce %j → %s', (fields, kind) => {
    expect(woo(fields)).toBe(kind);
  });

  const bigcommerce = (fields: Record<string, unknown>) =>
    bigCommerceOrderKind(BigCommerceOrderSchema.parse({ id: 1, status_id: 0, total_inc_tax: '50.0000', refunded_amount: '0.0000', ...fields }));
  it.each([
    [{ status_id: 5 }, 'cancelled'],
    [{ status_id: 6 }, 'cancelled'],
    [{ status_id: 4 }, 'refunded'],
    [{ status_id: 14 }, 'partially_refunded'],
    [{ status_id: 10, refunded_amount: '10.0000' }, 'partially_refunded'],
    [{ status_id: 2, refunded_amount: '50.0000' }, 'refunded'],
    [{ status_id: 10 }, 'completed'],
    [{ status_id: 2 }, 'fulfilled'],
    [{ status_id: 11 }, 'paid'],
    [{ status_id: 7 }, 'placed'],
    [{ status_id: 99 }, 'placed'],
  ])('BigCommerce %j → %s', (fields, kind) => {
    expect(bigcommerce(fields)).toBe(kind);
  });
});
