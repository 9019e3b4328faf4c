import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderEventSchema, type OrderEvent } from '../../events/order-event.ts';
import { parseJsonLosslessly } from '../../lib/json/parse-json-losslessly.ts';
import { normaliseBigCommerceWebhook, readBigCommerceWebhook } from '../../lib/platforms/bigcommerce/normalise.ts';
import { createBigCommerceOrdersApi } from '../../lib/providers/bigcommerce-orders-api.ts';
import type { DeliveryContext, Normalised } from '../../lib/platforms/order-event-builder.ts';
import { normaliseShopifyWebhook } from '../../lib/platforms/shopify/normalise.ts';
import { normaliseWooCommerceWebhook } from '../../lib/platforms/woocommerce/normalise.ts';
import type { Platform } from '../../events/order-event.ts';
import {
  bigCommerceOrder250,
  bigCommerceOrder250Products,
  startFakeBigCommerce,
  type FakeBigCommerce,
} from '../support/fake-bigcommerce.ts';
import { webhookFixture } from '../support/shared.ts';

const RECEIVED_AT = new Date('2026-11-23T10:00:00Z');
const contextFor = (platform: Platform, topic: string | null): DeliveryContext => ({
  tenantId: 'acme',
  platform,
  topic,
  deliveryId: 'delivery-1',
  receivedAt: RECEIVED_AT,
  storedCustomerKey: async () => null,
});
const eventOf = (normalised: Normalised): OrderEvent => {
  if (normalised.outcome !== 'event') throw new Error(`expected an event, got ignored: ${normalised.reason}`);
  return OrderEventSchema.parse(normalised.event);
};
const fixture = (name: string) => parseJsonLosslessly(webhookFixture(name).toString('utf8'));

interface Expected {
  kind: OrderEvent['kind'];
  orderId: string;
  customerKey: string;
  email: string | null;
  items: { id: string; quantity: number; refundedQuantity: number }[];
  occurredAt: string;
}

const assertEvent = (event: OrderEvent, expected: Expected) => {
  expect(event.kind).toBe(expected.kind);
  expect(event.order.id).toBe(expected.orderId);
  expect(event.customer.key).toBe(expected.customerKey);
  expect(event.customer.email).toBe(expected.email);
  expect(event.items.map(({ id, quantity, refundedQuantity }) => ({ id, quantity, refundedQuantity }))).toEqual(expected.items);
  expect(event.occurredAt).toBe(expected.occurredAt);
};

describe('Shopify Order fixtures normalise by the precedence rule (orders/updated: kind from state)', () => {
  const cases: [string, Expected][] = [
    [
      'shopify_order_cancelled_refunded.order-resource.json',
      {
        // cancelled_at is set and financial_status is refunded: cancelled wins
        kind: 'cancelled',
        orderId: '450789469',
        customerKey: 'c:207119551',
        email: 'bob.norman@mail.example.com',
        items: [
          { id: '466157049', quantity: 1, refundedQuantity: 1 },
          { id: '518995019', quantity: 1, refundedQuantity: 1 },
          { id: '703073504', quantity: 1, refundedQuantity: 1 },
        ],
        occurredAt: '2025-04-02T16:31:21.000Z',
      },
    ],
    [
      'shopify_order_paid_fulfilled.order-resource.json',
      {
        kind: 'fulfilled',
        orderId: '1073459972',
        customerKey: 'c:1073339470',
        email: 'foo@example.com',
        items: [{ id: '1071823184', quantity: 1, refundedQuantity: 0 }],
        occurredAt: '2025-04-02T16:31:05.000Z',
      },
    ],
    [
      'shopify_order_paid_unfulfilled.order-resource.json',
      {
        // no customer and an empty email: a guest keyed by the order id
        kind: 'paid',
        orderId: '1073459969',
        customerKey: 'o:1073459969',
        email: null,
        items: [{ id: '1071823181', quantity: 1, refundedQuantity: 0 }],
        occurredAt: '2025-04-02T16:30:59.000Z',
      },
    ],
    [
      'shopify_order_partially_refunded_bob_norman.order-resource.json',
      {
        // the refund names two of the three lines: only 518995019 was kept
        kind: 'partially_refunded',
        orderId: '450789469',
        customerKey: 'c:207119551',
        email: 'bob.norman@mail.example.com',
        items: [
          { id: '466157049', quantity: 1, refundedQuantity: 1 },
          { id: '518995019', quantity: 1, refundedQuantity: 0 },
          { id: '703073504', quantity: 1, refundedQuantity: 1 },
        ],
        occurredAt: '2008-01-10T16:00:00.000Z',
      },
    ],
    [
      'shopify_order_pending.order-resource.json',
      {
        kind: 'placed',
        orderId: '1073459983',
        customerKey: 'c:207119551',
        email: 'bob.norman@mail.example.com',
        items: [{ id: '1071823195', quantity: 1, refundedQuantity: 0 }],
        occurredAt: '2025-04-02T16:31:40.000Z',
      },
    ],
  ];

  it.each(cases)('%s', async (name, expected) => {
    // Act
    const event = eventOf(await normaliseShopifyWebhook(fixture(name), contextFor('shopify', 'orders/updated')));
    // Assess
    assertEvent(event, expected);
    expect(event.eventId).toBe('shopify:orders/updated:delivery-1');
    expect(event.snapshot).toBe('full');
  });

  it('a topic that names the kind wins over the state (orders/paid on a pending order)', async () => {
    const event = eventOf(
      await normaliseShopifyWebhook(fixture('shopify_order_pending.order-resource.json'), contextFor('shopify', 'orders/paid')),
    );
    expect(event.kind).toBe('paid');
  });

  it('keeps the refunded amount and the discount codes and landing site (referral attribution)', async () => {
    const event = eventOf(
      await normaliseShopifyWebhook(
        fixture('shopify_order_partially_refunded_bob_norman.order-resource.json'),
        contextFor('shopify', 'orders/updated'),
      ),
    );
    expect(event.order.discountCodes).toEqual(['TENOFF']);
    expect(event.order.landingSite).toBe('http://www.example.com?source=abc');
    expect(event.order.refundedTotal).toBe('209.00');
    expect(event.order.total).toBe('598.94');
  });
});

describe('WooCommerce v3 Order fixtures normalise by the precedence rule', () => {
  const cases: [string, Expected][] = [
    [
      'woocommerce_order_created_payload.wc-v3.json',
      {
        // processing = paid, awaiting fulfilment; customer_id 0 is a guest: keyed by email
        kind: 'paid',
        orderId: '727',
        customerKey: 'e:john.doe@example.com',
        email: 'john.doe@example.com',
        items: [
          { id: '315', quantity: 2, refundedQuantity: 0 },
          { id: '316', quantity: 1, refundedQuantity: 0 },
        ],
        occurredAt: '2017-03-22T19:28:08.000Z',
      },
    ],
    [
      'woocommerce_order_second_example.wc-v3.json',
      {
        // completed, but refunds of 10 + 9 against a total of 39: partially_refunded wins
        kind: 'partially_refunded',
        orderId: '723',
        customerKey: 'c:26',
        email: 'joao.silva@example.com',
        items: [
          { id: '311', quantity: 1, refundedQuantity: 0 },
          { id: '313', quantity: 1, refundedQuantity: 0 },
        ],
        occurredAt: '2017-03-21T19:54:51.000Z',
      },
    ],
    [
      'woocommerce_order_updated_completed_payload.wc-v3.json',
      {
        kind: 'completed',
        orderId: '727',
        customerKey: 'e:john.doe@example.com',
        email: 'john.doe@example.com',
        items: [
          { id: '315', quantity: 2, refundedQuantity: 0 },
          { id: '316', quantity: 1, refundedQuantity: 0 },
        ],
        occurredAt: '2017-03-22T19:30:35.000Z',
      },
    ],
  ];

  it.each(cases)('%s', async (name, expected) => {
    const event = eventOf(await normaliseWooCommerceWebhook(fixture(name), contextFor('woocommerce', 'order.updated')));
    assertEvent(event, expected);
  });

  it('sums the refunds exactly', async () => {
    const event = eventOf(
      await normaliseWooCommerceWebhook(
        fixture('woocommerce_order_second_example.wc-v3.json'),
        contextFor('woocommerce', 'order.updated'),
      ),
    );
    expect(event.order.refundedTotal).toBe('19.00');
  });
});

describe('BigCommerce thin fixtures, completed from the V2 Orders API (a local server speaking it)', () => {
  let store: FakeBigCommerce;
  beforeAll(async () => {
    store = await startFakeBigCommerce();
  });
  afterAll(() => store.close());

  const normalise = async (name: string) => {
    const webhook = readBigCommerceWebhook(fixture(name));
    return normaliseBigCommerceWebhook(webhook, contextFor('bigcommerce', webhook.scope), createBigCommerceOrdersApi(), {
      apiUrl: store.apiUrl,
      apiToken: store.token,
    });
  };
  const products = [
    { id: '235', quantity: 1, refundedQuantity: 0 },
    { id: '236', quantity: 2, refundedQuantity: 0 },
  ];
  const base = { orderId: '250', customerKey: 'c:11', email: 'jane.doe@example.com', items: products };

  const cases: [string, Record<string, unknown>, Expected][] = [
    // store/order/created with the order Awaiting Fulfillment (11): paid
    ['bigcommerce_store_order_created.json', { status_id: 11 }, { ...base, kind: 'paid', occurredAt: '2019-06-25T16:15:35.000Z' }],
    // statusUpdated to 11 (the payload's new_status_id): the fetched order says the same
    ['bigcommerce_store_order_statusUpdated.json', { status_id: 11 }, { ...base, kind: 'paid', occurredAt: '2019-06-25T16:15:35.000Z' }],
    ['bigcommerce_store_order_updated.json', { status_id: 10, status: 'Completed' }, { ...base, kind: 'completed', occurredAt: '2019-06-25T16:15:35.000Z' }],
    // archived names the kind: the merchant deleted the order
    ['bigcommerce_store_order_archived.json', { status_id: 10 }, { ...base, kind: 'cancelled', occurredAt: '2019-06-25T16:15:35.000Z' }],
    // a refund of part of the total on a completed order: partially_refunded
    [
      'bigcommerce_store_order_refund_created.json',
      { status_id: 14, refunded_amount: '58.0000' },
      { ...base, kind: 'partially_refunded', occurredAt: '2019-06-25T16:25:23.000Z' },
    ],
  ];

  it.each(cases)('%s (order %j)', async (name, order, expected) => {
    // Prepare
    store.setOrder(bigCommerceOrder250(order), bigCommerceOrder250Products());
    // Act
    const event = eventOf(await normalise(name));
    // Assess
    assertEvent(event, expected);
    expect(store.requests.at(-1)?.headers['x-auth-token']).toBe('bc-token');
  });

  it('store/order/message/created is not an order lifecycle scope: ignored', async () => {
    const normalised = await normalise('bigcommerce_store_order_message_created.json');
    expect(normalised.outcome).toBe('ignored');
  });

  it('refunded quantities come from the products endpoint', async () => {
    store.setOrder(
      bigCommerceOrder250({ status_id: 14, refunded_amount: '58.0000' }),
      bigCommerceOrder250Products().map((product) => (product.id === 236 ? { ...product, quantity_refunded: 1 } : product)),
    );
    const event = eventOf(await normalise('bigcommerce_store_order_refund_created.json'));
    expect(event.items.find((item) => item.id === '236')?.refundedQuantity).toBe(1);
    expect(event.order.refundedTotal).toBe('58.0000');
  });
});
