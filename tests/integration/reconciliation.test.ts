import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileTenant, type OrderFeed } from '../../lib/intake/reconcile-orders.ts';
import { runReconciliation } from '../../lib/runtime/reconciliation.ts';
import { createReconciliationRepository } from '../../lib/store/reconciliation-repository.ts';
import { bigCommerceOrder250, startFakeBigCommerce, type FakeBigCommerce } from '../support/fake-bigcommerce.ts';
import { startFakeShopifyAdmin, startFakeWooCommerceApi, type FakeOrderApi } from '../support/fake-order-apis.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { webhookFixture } from '../support/shared.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';

/**
 * A webhook that never arrived (WooCommerce never retries; any platform can drop one) is found
 * by asking the platform's own API for the orders changed since the last run, and published once:
 * not again on the next, overlapping run, not by two runs at once, not when a webhook brought it.
 */
describe('order reconciliation against the platforms’ APIs', () => {
  let database: TestDatabase;
  let shopify: FakeOrderApi;
  let woo: FakeOrderApi;
  let bigcommerce: FakeBigCommerce;
  let app: TestApp;
  const SECRET = 'shpss_reconcile';

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
  const shopifyOrder = (id: string, updatedAt: Date, changes: Record<string, unknown> = {}) => ({
    ...(JSON.parse(webhookFixture('shopify_order_paid_fulfilled.order-resource.json').toString('utf8')) as Record<string, unknown>),
    id,
    name: `#${id.slice(-4)}`,
    updated_at: updatedAt.toISOString(),
    ...changes,
  });
  const wooOrder = (id: number, modifiedAt: Date) => ({
    ...(JSON.parse(webhookFixture('woocommerce_order_updated_completed_payload.wc-v3.json').toString('utf8')) as Record<string, unknown>),
    id,
    number: String(id),
    date_modified_gmt: modifiedAt.toISOString().replace(/\.\d{3}Z$/, ''),
  });
  const reconcile = (tenantId: string) => runReconciliation(app.context, tenantId);
  const eventsOf = (tenantId: string, orderId: string) => app.context.orders.events(tenantId, orderId);
  const stored = (tenantId: string, orderIds: readonly string[]) =>
    waitFor(
      async () => {
        const found = await Promise.all(orderIds.map((orderId) => app.context.orders.find(tenantId, orderId)));
        return found.every(Boolean) && found;
      },
      { what: `orders ${orderIds.join(', ')} of ${tenantId}` },
    );

  beforeAll(async () => {
    [database, shopify, woo, bigcommerce] = await Promise.all([
      createTestDatabase('reconcile'),
      startFakeShopifyAdmin(),
      startFakeWooCommerceApi(),
      startFakeBigCommerce('recon1'),
    ]);
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    await app.createTenant({ id: 'shop', platform: 'shopify', webhookSecret: SECRET, apiUrl: shopify.apiUrl, apiToken: shopify.token });
    await app.createTenant({ id: 'woo', platform: 'woocommerce', webhookSecret: 'wc', apiUrl: woo.apiUrl, apiToken: woo.token });
    await app.createTenant({ id: 'bc', platform: 'bigcommerce', webhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', apiUrl: bigcommerce.apiUrl, apiToken: bigcommerce.token });
    await app.createTenant({ id: 'nokeys', platform: 'shopify', webhookSecret: 'x' });
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([shopify?.close(), woo?.close(), bigcommerce?.close()]);
    await database?.drop();
  });

  it('publishes the Shopify changes no webhook brought, once, and leaves the one a webhook brought alone', async () => {
    // Prepare: three changed orders; the webhook for the second one did arrive
    const [missed, delivered, recent] = [shopifyOrder('5550000000000000001', ago(180)), shopifyOrder('5550000000000000002', ago(120)), shopifyOrder('5550000000000000003', ago(20))];
    [missed, delivered, recent].forEach((order) => shopify.setOrder(order));
    const body = JSON.stringify(delivered);
    expect((await app.post('/webhooks/shopify/shop', body, shopifyHeaders(body, SECRET, { topic: 'orders/updated' }))).status).toBe(202);
    await stored('shop', ['5550000000000000002']);
    // Act: a run, then the next one, whose window overlaps the first
    const first = await reconcile('shop');
    await stored('shop', ['5550000000000000001', '5550000000000000003']);
    const second = await reconcile('shop');
    // Assess
    expect(first).toEqual({ tenants: 1, read: 3, published: 2, failed: [] });
    expect(second).toMatchObject({ read: 1, published: 0, failed: [] });
    for (const orderId of ['5550000000000000001', '5550000000000000002', '5550000000000000003']) {
      expect(await eventsOf('shop', orderId), orderId).toHaveLength(1);
    }
    expect((await app.context.orders.find('shop', '5550000000000000001'))?.kind).toBe('fulfilled');
    expect(shopify.requests.every((request) => request.headers['x-shopify-access-token'] === shopify.token)).toBe(true);
    expect(shopify.requests[0]?.query.get('status')).toBe('any');
  });

  it('reads every page of a WooCommerce store, and two runs at once still publish each change once', async () => {
    // Prepare: five changed orders, two to a page
    const ids = [901, 902, 903, 904, 905];
    ids.forEach((id, index) => woo.setOrder(wooOrder(id, ago(300 - index * 30))));
    // Act
    const runs = await Promise.all([reconcile('woo'), reconcile('woo')]);
    await stored('woo', ids.map(String));
    // Assess
    expect(runs.reduce((sum, run) => sum + run.published, 0)).toBe(5);
    for (const id of ids) expect(await eventsOf('woo', String(id)), String(id)).toHaveLength(1);
    expect(new Set(woo.requests.map((request) => request.query.get('page')))).toEqual(new Set(['1', '2', '3']));
    expect(woo.requests[0]?.query.get('dates_are_gmt')).toBe('true');
  });

  it('turns a BigCommerce change into the event its webhook would have been, read through the V2 order and products', async () => {
    // Prepare
    const modified = ago(45);
    bigcommerce.setOrder(bigCommerceOrder250({ id: 251, date_modified: modified.toUTCString() }));
    // Act
    const run = await reconcile('bc');
    const [order] = await stored('bc', ['251']);
    // Assess
    expect(run).toMatchObject({ read: 1, published: 1 });
    expect(order).toMatchObject({ orderId: '251', kind: 'paid' });
    expect(order?.items.length).toBeGreaterThan(0);
    expect(await reconcile('bc')).toMatchObject({ published: 0 });
  });

  it('leaves changes of the last minutes to their webhook, and reads a failed window again on the next run', async () => {
    // Prepare: a change too fresh to reconcile, one that is due, and an API that fails once
    shopify.setOrder(shopifyOrder('5550000000000000010', ago(2)));
    shopify.setOrder(shopifyOrder('5550000000000000011', ago(16)));
    shopify.failNext(1, { status: 503, body: { errors: 'Service unavailable' } });
    // Act
    const failed = await runReconciliation(app.context);
    const retried = await reconcile('shop');
    await stored('shop', ['5550000000000000011']);
    // Assess
    expect(failed.failed).toEqual([{ tenantId: 'shop', reason: 'Shopify Admin API answered 503' }]);
    expect(failed.tenants).toBe(3); // the tenant without API keys is never asked
    expect(retried).toMatchObject({ published: 1, failed: [] });
    expect(await app.context.orders.find('shop', '5550000000000000010')).toBeNull();
  });

  it('moves the cursor only as far as it read when a window is cut short by the page limit', async () => {
    // Prepare: a feed that stops after one page of a longer window (a store with a burst of changes)
    const tenant = await app.context.tenants.findById('woo');
    const cursors = createReconciliationRepository(app.context.db);
    const lastRead = ago(18); // inside the window, which starts 15 minutes before the cursor
    const truncated: OrderFeed = {
      canReconcile: () => true,
      async *changedOrders() {
        yield { last: false, orders: [{ orderId: '999', modifiedAt: lastRead.toISOString(), topic: 'order.updated', normalise: async () => ({ outcome: 'ignored', reason: 'test' }) }] };
      },
    };
    const before = await cursors.find('woo');
    // Act
    const run = await reconcileTenant(tenant!, {
      ...app.context,
      feeds: { shopify: truncated, woocommerce: truncated, bigcommerce: truncated },
      cursors,
    });
    // Assess: the cursor never moves back, and never past what was read
    expect(run.to).toBe(lastRead.toISOString());
    expect((await cursors.find('woo'))?.syncedUntil).toEqual(before?.syncedUntil);
    expect(before!.syncedUntil.getTime()).toBeGreaterThan(lastRead.getTime());
  });

  it('is a CLI command that prints its summary, and a schedule of its own', async () => {
    const { runCli } = await import('../support/cli.ts');
    const result = await runCli(['reconcile', '--tenant', 'nobody'], { DATABASE_URL: database.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no tenant nobody/);
    const usage = await runCli(['reconcile', '--everything'], { DATABASE_URL: database.url });
    expect(usage.code).toBe(2);
  });
});
