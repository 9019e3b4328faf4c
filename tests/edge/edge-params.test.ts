import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as api } from '../../functions/api.ts';
import { handler as feedbackPage } from '../../functions/feedback-page.ts';
import { handler as testimonials } from '../../functions/testimonials.ts';
import { createBoundedCache } from '../../lib/cache/bounded-cache.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyFixtureOf } from '../support/shared.ts';
import { hmacBase64, shopifyHeaders } from '../support/sign.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';

/** Every parameter is checked at the edge: bad ones are a 400 that says which, never a 500. */
describe('parameters at the edge', () => {
  let database: TestDatabase;
  let app: TestApp;
  let apiKey: string;
  const get = async (path: string) => {
    const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
    return { status: response.status, json: (await response.json().catch(() => null)) as { error?: string } | null };
  };

  beforeAll(async () => {
    database = await createTestDatabase('edge_params');
    app = await startTestApp({ DATABASE_URL: database.url, KAFKA_BROKERS: '' });
    ({ apiKey } = await app.createTenant({ id: 'params', platform: 'shopify', webhookSecret: 'shpss_params', shopDomain: 'params.myshopify.com' }));
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it.each([
    ['NUL in a path id', '/api/orders/a%00b', /orderId|path parameter/],
    ['a control character in a path id', '/api/cases/x%1Fy', /path parameter|caseId/],
    ['NUL in a query value', '/api/orders?cursor=ab%00', /query parameter cursor/],
    ['a 40-digit outbox after=', `/api/outbox?after=${'9'.repeat(40)}`, /after/],
    ['a 19-digit after= beyond bigint', '/api/outbox?after=9999999999999999999', /after/],
    ['an after= of digits from another script (found by the fuzzer)', '/api/outbox?after=%E2%AE%AF%E0%A7%AB', /after/],
    ['a date JavaScript reads and PostgreSQL cannot store', '/api/satisfaction?from=-271821-04-20T00:00:00Z', /from/],
    ['a far-future date', '/api/audit/invitations?to=275760-09-13T00:00:00Z', /to/],
    ['a date that is not ISO-8601', '/api/satisfaction?from=Tue%20Mar%205', /from/],
    ['an export since= out of range', '/api/testimonials?since=-271821-04-20', /since/],
    ['a limit that is not a number', '/api/orders?limit=1e3', /limit/],
    ['a limit of 40 digits', `/api/cases?limit=${'1'.repeat(40)}`, /limit/],
    ['a cursor that is not base64url', '/api/cases?cursor=%2F%2F', /cursor/],
    ['an order cursor holding an unstorable time', `/api/orders?cursor=${Buffer.from('-271821-04-20T00:00:00.000Z|1').toString('base64url')}`, /cursor/],
    ['a case cursor with a huge priority', `/api/cases?cursor=${Buffer.from(`${'9'.repeat(30)}|2025-01-01T00:00:00Z|c`).toString('base64url')}`, /cursor/],
    ['an export cursor beyond bigint', `/api/testimonials?cursor=${Buffer.from('v1:9999999999999999999').toString('base64url')}`, /cursor/],
    ['a streamed export with NUL in product', '/export/testimonials?product=a%00', /product/],
    ['a path id over 256 characters', `/api/orders/${'x'.repeat(300)}`, /orderId/],
  ])('%s: 400 with a message', async (_what, path, message) => {
    const reply = await get(path);
    expect(reply.status).toBe(400);
    expect(reply.json?.error).toMatch(message);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it('the functions check what API Gateway hands them, not only what the local server parsed', async () => {
    // Prepare: the events Lambda would get, with what no HTTP parser in front would have let through
    const event = (routeKey: string, rawPath: string, extra: Record<string, unknown>) => ({
      version: '2.0' as const,
      routeKey,
      rawPath,
      rawQueryString: '',
      headers: { authorization: `Bearer ${apiKey}` },
      requestContext: { requestId: 'r', timeEpoch: Date.now(), http: { method: 'GET', path: rawPath, sourceIp: '' } },
      isBase64Encoded: false,
      ...extra,
    });
    // Act
    const lone = await api(event('GET /api/orders/{orderId}', '/api/orders/x', { pathParameters: { orderId: 'x\ud800' } }));
    const nul = await testimonials(event('GET /api/testimonials/moderation', '/api/testimonials/moderation', { queryStringParameters: { after: 'a\u0000' } }));
    const page = await feedbackPage(event('GET /f/{token}', '/f/x', { pathParameters: { token: 'ab\u0000' } }));
    // Assess
    expect([lone.statusCode, nul.statusCode, page.statusCode]).toEqual([400, 400, 400]);
  });

  it('good parameters still work', async () => {
    expect((await get('/api/orders?limit=5')).status).toBe(200);
    expect((await get('/api/outbox?after=9223372036854775807')).status).toBe(200);
    expect((await get('/api/satisfaction?from=2025-01-01&to=2025-03-01T00:00:00Z')).status).toBe(200);
    expect((await get('/api/orders/no-such-order')).status).toBe(404);
  });

  it('NUL in a webhook path parameter: 400, and nothing is stored', async () => {
    const body = shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', 'params.myshopify.com');
    const reply = await app.post('/webhooks/shopify/par%00ams', body, shopifyHeaders(body, 'shpss_params'));
    expect(reply.status).toBe(400);
    expect(await app.context.db.query('SELECT 1 FROM webhook_deliveries')).toEqual([]);
  });

  it('customer routes with a control character in the token: the polite page, 400', async () => {
    for (const path of ['/f/ab%00cd', '/u/%07', '/go/x%7Fy', '/r/code%0A']) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  describe('unauthenticated traffic cannot grow memory', () => {
    it('thousands of unsigned deliveries with case variants of a real shop domain leave the tenant cache bounded', async () => {
      // Prepare: a real shop, and spellings of it an attacker can vary without end
      const body = '{}';
      const variants = Array.from({ length: 2_000 }, (_, index) =>
        [...'params.myshopify.com'].map((letter, position) => ((index >> (position % 12)) & 1 ? letter.toUpperCase() : letter)).join('') + (index % 3 === 0 ? ' ' : ''),
      );
      const before = app.context.tenants.cachedEntries?.() ?? 0;
      // Act: unsigned, in parallel batches
      const statuses: number[] = [];
      for (let start = 0; start < variants.length; start += 100) {
        const batch = variants.slice(start, start + 100).map(async (domain, offset) => {
          const response = await fetch(`${app.url}/webhooks/shopify`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/updated', 'x-shopify-hmac-sha256': hmacBase64('guess', body), 'x-shopify-shop-domain': domain, 'x-shopify-event-id': `e-${start + offset}` },
          });
          await response.arrayBuffer();
          return response.status;
        });
        statuses.push(...(await Promise.all(batch)));
      }
      // Assess: refused, and one entry for the shop (the normalised domain) at most
      expect(new Set(statuses)).toEqual(new Set([401]));
      expect((app.context.tenants.cachedEntries?.() ?? 0) - before).toBeLessThanOrEqual(1);
      expect(await app.context.db.query('SELECT 1 FROM webhook_deliveries')).toEqual([]);
    });

    it('made-up shop domains and tenant ids are never kept', async () => {
      const before = app.context.tenants.cachedEntries?.() ?? 0;
      await Promise.all(
        Array.from({ length: 300 }, async (_, index) => {
          const response = await fetch(`${app.url}/webhooks/shopify${index % 2 ? '' : `/nobody-${index}`}`, {
            method: 'POST',
            body: '{}',
            headers: { 'x-shopify-topic': 'orders/updated', 'x-shopify-shop-domain': `shop-${index}.myshopify.com` },
          });
          await response.arrayBuffer();
        }),
      );
      expect(app.context.tenants.cachedEntries?.() ?? 0).toBe(before);
    });

    it('the cache itself is bounded by size and by age', () => {
      let now = 0;
      const cache = createBoundedCache<number>({ maxEntries: 100, ttlMs: 1_000, now: () => now });
      for (let index = 0; index < 10_000; index += 1) cache.set(`k${index}`, index);
      expect(cache.size).toBe(100);
      expect(cache.get('k0')).toBeUndefined();
      expect(cache.get('k9999')).toBe(9999);
      now = 1_001;
      expect(cache.get('k9999')).toBeUndefined();
    });
  });

  it('a signed order with times JavaScript reads and PostgreSQL cannot store, and a huge delivery id: accepted, never a 500', async () => {
    // Prepare: a real fixture, its times moved out of any sensible range, a delivery id no index can hold
    const body = Buffer.from(
      shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', 'params.myshopify.com')
        .toString('utf8')
        .replaceAll('"id": 1073459972', '"id": 770001')
        .replace(/"created_at": "[^"]+"/, '"created_at": "-271821-04-20T00:00:00Z"')
        .replace(/"processed_at": "[^"]+"/, '"processed_at": "+275760-09-13T00:00:00Z"'),
    );
    const headers = { ...shopifyHeaders(body, 'shpss_params', { topic: 'orders/fulfilled', shopDomain: 'params.myshopify.com' }), 'X-Shopify-Event-Id': 'e'.repeat(5_000) };
    // Act
    const reply = await app.post('/webhooks/shopify', body, headers);
    const retried = await app.post('/webhooks/shopify', body, headers);
    // Assess
    expect(reply.status).toBe(202);
    expect(retried.status).toBe(200);
    await waitFor(async () => (await app.context.db.query("SELECT 1 FROM orders WHERE tenant_id = 'params' AND order_id = '770001'")).length > 0, { what: 'the order' });
  });

  it('an accepted delivery is still an order (the checks take nothing away)', async () => {
    const body = shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', 'params.myshopify.com');
    const reply = await app.post('/webhooks/shopify', body, shopifyHeaders(body, 'shpss_params', { shopDomain: 'Params.MyShopify.com' }));
    expect(reply.status).toBe(202);
    await waitFor(async () => (await app.context.db.query("SELECT 1 FROM orders WHERE tenant_id = 'params'")).length > 0, { what: 'the order' });
  });
});
