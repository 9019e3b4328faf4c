import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryFactory, SOAK_TENANTS, type Delivery } from '../../scripts/soak/webhook-deliveries.ts';
import { startChildApp, type ChildApp } from '../support/child-app.ts';
import { runCli } from '../support/cli.ts';
import { waitFor } from '../support/test-app.ts';

/**
 * `npm start` on its embedded default (PGlite, the store-backed log) over capacity, as the platforms
 * meet it: one delivery worked on at a time, a wait limit of 1 ms. A burst of Shopify and
 * WooCommerce deliveries: Shopify's are told 503 with Retry-After (Shopify retries), WooCommerce's
 * are never refused (WooCommerce does not retry), and every shed delivery is accepted on its
 * retry and stored once.
 */
describe('the embedded intake over capacity', () => {
  let dataDir: string;
  let app: ChildApp;
  const apiKeys = new Map<string, string>();
  const embedded = () => ({ AFTERGLOW_DATA_DIR: dataDir, DATABASE_URL: '', KAFKA_BROKERS: '', RECOVERY_QUEUE_URL: '' });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'afterglow-shedding-'));
    app = await startChildApp({ ...embedded(), AFTERGLOW_INTAKE_CONCURRENCY: '1', AFTERGLOW_INTAKE_MAX_WAIT_MS: '1' });
    for (const tenant of SOAK_TENANTS) {
      const created = await runCli(
        ['tenant', 'create', '--id', tenant.id, '--platform', tenant.platform, '--webhook-secret', tenant.secret, ...(tenant.shopDomain ? ['--shop-domain', tenant.shopDomain] : [])],
        embedded(),
      );
      expect(created.code, created.stderr).toBe(0);
      apiKeys.set(tenant.id, (JSON.parse(created.stdout) as { apiKey: string }).apiKey);
    }
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = async (delivery: Delivery) => {
    const response = await fetch(`${app.url}${delivery.path}`, { method: 'POST', body: delivery.body, headers: delivery.headers });
    return { delivery, status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> };
  };
  const orderIdsShown = async (tenantId: string): Promise<string[]> => {
    const response = await fetch(`${app.url}/api/orders?limit=500`, { headers: { authorization: `Bearer ${apiKeys.get(tenantId)}` } });
    return ((await response.json()) as { orders: { orderId: string }[] }).orders.map((order) => order.orderId);
  };

  it('sheds Shopify, never WooCommerce, and accepts each shed delivery on its retry, stored once', { timeout: 120_000 }, async () => {
    // Prepare: 30 Shopify and 30 WooCommerce deliveries, each a new order
    const next = deliveryFactory('shed');
    const deliveries = Array.from({ length: 60 }, (_, index) => next(index));
    const [shopify, woo] = SOAK_TENANTS.map((tenant) => tenant.id) as [string, string];
    // Act: the burst, all at once; then, like Shopify, each shed delivery sent again byte for byte
    const burst = await Promise.all(deliveries.map(send));
    const shed = burst.filter((reply) => reply.status === 503);
    const retried = [];
    for (const reply of shed) retried.push(await send(reply.delivery));
    const again = await send(deliveries[0] as Delivery);
    // Assess
    const statusesOf = (tenantId: string) => new Set(burst.filter((reply) => reply.delivery.tenantId === tenantId).map((reply) => reply.status));
    expect(shed.length).toBeGreaterThan(0);
    expect(shed.every((reply) => reply.delivery.tenantId === shopify && reply.retryAfter === '5' && /over capacity/.test(String(reply.body.error)))).toBe(true);
    expect(statusesOf(woo)).toEqual(new Set([202]));
    // (a Shopify delivery that found the slot free was accepted at once; whether any did depends on arrival order)
    expect([...statusesOf(shopify)].every((status) => status === 202 || status === 503)).toBe(true);
    expect(retried.map((reply) => reply.status)).toEqual(shed.map(() => 202));
    expect(again.status).toBe(200);
    for (const tenantId of [shopify, woo]) {
      const expected = deliveries.filter((delivery) => delivery.tenantId === tenantId).map((delivery) => delivery.orderId).sort();
      const shown = await waitFor(async () => {
        const ids = await orderIdsShown(tenantId);
        return ids.length >= expected.length && ids;
      }, { what: `the ${tenantId} orders through the local log` });
      expect([...shown].sort()).toEqual(expected);
    }
  });
});
