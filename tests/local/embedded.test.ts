import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildApp, type ChildApp } from '../support/child-app.ts';
import { runCli } from '../support/cli.ts';
import { signFirstPartyReview } from '../../lib/reviews/review-sources.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { webhookFixture } from '../support/shared.ts';
import { waitFor } from '../support/test-app.ts';

/**
 * `npm start` on embedded defaults: PGlite under AFTERGLOW_DATA_DIR, the store-backed event log,
 * no Kafka, no PostgreSQL server. The CLI works beside it without ever opening the store twice.
 */
describe('embedded default (npm start)', () => {
  let dataDir: string;
  let app: ChildApp;
  // Embedded means: whatever the surrounding shell has, no external services.
  const embedded = () => ({ AFTERGLOW_DATA_DIR: dataDir, DATABASE_URL: '', KAFKA_BROKERS: '' });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'afterglow-embedded-'));
    app = await startChildApp(embedded());
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports a healthy embedded store, local event log and local recovery queue', async () => {
    const health = await (await fetch(`${app.url}/health`)).json();
    expect(health).toEqual({
      ok: true,
      store: { ok: true, detail: 'embedded PGlite' },
      transport: { ok: true, detail: 'local event log (in the store)' },
      recoveryQueue: { ok: true, detail: 'local recovery queue (in the store): 0 queued, 0 dead-lettered' },
    });
  });

  it('a CLI command while the server holds the store goes through the server; a webhook becomes an order', async () => {
    // Act: create a tenant from another process
    const created = await runCli(['tenant', 'create', '--id', 'local', '--platform', 'shopify', '--webhook-secret', 'sec'], embedded());
    // Assess
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const { tenantId, apiKey } = JSON.parse(created.stdout) as { tenantId: string; apiKey: string };
    expect(tenantId).toBe('local');

    // Act: the platform delivers; marketing asks the API
    const body = webhookFixture('shopify_order_paid_fulfilled.order-resource.json');
    const reply = await fetch(`${app.url}/webhooks/shopify/local`, { method: 'POST', body, headers: shopifyHeaders(body, 'sec') });
    expect(reply.status).toBe(202);
    const orders = await waitFor(async () => {
      const response = await fetch(`${app.url}/api/orders`, { headers: { authorization: `Bearer ${apiKey}` } });
      const page = (await response.json()) as { orders: { orderId: string; kind: string }[] };
      return page.orders.length > 0 && page.orders;
    }, { what: 'the order through the local log' });
    expect(orders).toMatchObject([{ orderId: '1073459972', kind: 'fulfilled' }]);
    expect((await fetch(`${app.url}/api/orders`, { headers: { authorization: 'Bearer ag_wrong' } })).status).toBe(401);
  });

  it('without RECOVERY_QUEUE_URL the in-process queue drives the recovery function: a negative review becomes a case in GET /api/cases', async () => {
    // Prepare: a tenant with first-party review webhooks
    const created = await runCli(['tenant', 'create', '--id', 'shop2', '--platform', 'shopify', '--webhook-secret', 'sec'], embedded());
    const { apiKey } = JSON.parse(created.stdout) as { apiKey: string };
    const secret = 'embedded-review-secret-0123';
    expect((await runCli(['tenant', 'set', 'shop2', `reviewWebhooks.firstPartySecret=${secret}`], embedded())).code).toBe(0);
    const body = JSON.stringify({ reviewId: 'r-1', rating: 1, title: 'Arrived broken', reviewer: { name: 'Ann', email: 'ann@example.com' } });
    // Act
    const reply = await fetch(`${app.url}/webhooks/reviews/first_party/shop2`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-afterglow-hmac-sha256': signFirstPartyReview(secret, body) },
    });
    // Assess
    expect(reply.status).toBe(202);
    const cases = await waitFor(async () => {
      const response = await fetch(`${app.url}/api/cases`, { headers: { authorization: `Bearer ${apiKey}` } });
      const page = (await response.json()) as { cases: { summary: string; state: string; customer: { key: string } }[] };
      return page.cases.length > 0 && page.cases;
    }, { what: 'the case through the local recovery queue' });
    expect(cases).toMatchObject([{ state: 'open', summary: '1-star first-party review: Damaged on arrival', customer: { key: 'e:ann@example.com' } }]);
  });

  it('a usage error from inside the server still reaches the user as stderr and a non-zero exit', async () => {
    const result = await runCli(['tenant', 'create', '--id', 'Bad Id', '--platform', 'shopify', '--webhook-secret', 'x'], embedded());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid tenant: id:/);
    expect(result.stdout).toBe('');
  });

  it('a second server on the same store refuses to start, saying why', async () => {
    const second = await runCli(['start'], { ...embedded(), PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/in use by process \d+ \(afterglow serving on port \d+\)/);
  });

  it('after the server stops, the CLI opens the store itself and finds what was written', async () => {
    await app.stop();
    expect(existsSync(join(dataDir, 'afterglow.lock'))).toBe(false);
    const shown = await runCli(['tenant', 'show', 'local'], embedded());
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ tenantId: 'local', platform: 'shopify', webhookSecret: '****' });
  });
});
