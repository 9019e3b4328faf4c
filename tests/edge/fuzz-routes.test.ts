import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_URL_ROUTES, HTTP_ROUTES } from '../../lib/local/routes.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { chunk, rawRequest, type RawReply } from '../support/raw-http.ts';
import { shopifyFixtureOf } from '../support/shared.ts';
import { hmacBase64 } from '../support/sign.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Property: whatever arrives on the wire — any route of serverless.yml, any path, escape, method,
 * header, body and framing — the server keeps answering, never with a 5xx, and nothing is stored
 * without a valid signature. `FUZZ_RUNS` requests (300 by default, so CI stays within seconds);
 * `FUZZ_SEED` replays a run. Each request is a raw socket, so no client tidies it up first.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

const SHOP = 'fuzz.myshopify.com';
const ROUTES = [...HTTP_ROUTES, ...FUNCTION_URL_ROUTES].map((route) => ({ method: route.method, path: route.path }));
/** The tables a forged delivery would write to. */
const SIGNED_TABLES = ['orders', 'order_events', 'webhook_deliveries', 'reviews', 'privacy_requests', 'suppressions', 'erased_shops'] as const;

const BROKEN_ESCAPES = ['%', '%E0%A4%A', '%FF', '%C3', '%zz', '%%', '%u1234', '%ED%A0%80', '%00', '%0D%0A', '%2F..%2F', '%C0%AE'];
const SPECIAL_VALUES = [
  '9'.repeat(40),
  '9999999999999999999',
  '9223372036854775807',
  '-1',
  '0',
  '1e3',
  'NaN',
  'Infinity',
  '-271821-04-20T00:00:00Z',
  '275760-09-13T00:00:00Z',
  '2025-02-30',
  '2025-01-01T00:00:00Z',
  'all',
  'csv',
  'open',
  'urgent',
  'website',
  Buffer.from('-271821-04-20T00:00:00.000Z|x').toString('base64url'),
  Buffer.from(`${'9'.repeat(30)}|2025-01-01T00:00:00Z|c`).toString('base64url'),
  Buffer.from('v1:99999999999999999999').toString('base64url'),
  'a\u0000b',
  '\ud800',
  'x'.repeat(3_000),
];
const QUERY_NAMES = ['limit', 'cursor', 'after', 'from', 'to', 'since', 'until', 'state', 'severity', 'format', 'minScore', 'product', 'scope', 'score', 'lang', 'ref'];
const TOPICS = ['orders/create', 'orders/updated', 'orders/paid', 'orders/fulfilled', 'orders/cancelled', 'customers/redact', 'customers/data_request', 'shop/redact', 'app/uninstalled', 'order.updated', 'order.created'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'BREW'];

/** Percent-encodes the UTF-8 bytes of any string (a lone surrogate becomes U+FFFD's bytes, as on the wire). */
const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** A path segment or query value: encoded text of any kind, broken escapes, special values, raw bytes. */
const textPiece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 30 }).map(percentEncode) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(percentEncode) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.~-]{1,40}$/) },
  { weight: 2, arbitrary: fc.constantFrom(...BROKEN_ESCAPES) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_VALUES).map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom('..', '.', '', 'fuzz', 'shopify', 'woocommerce', 'bigcommerce', 'trustpilot', 'first_party') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

interface FuzzRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  readonly framing: 'length' | 'chunked' | 'short-length' | 'long-length' | 'none';
}

const pathFor = (template: string, pieces: readonly string[]) => {
  let index = 0;
  return template.replace(/\{\w+\}/g, () => pieces[index++ % pieces.length] ?? 'x');
};

const targetArb = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), fc.array(textPiece, { minLength: 1, maxLength: 3 })).map(([route, pieces]) => pathFor(route.path, pieces)) },
  { weight: 1, arbitrary: fc.array(textPiece, { maxLength: 5 }).map((pieces) => `/${pieces.join('/')}`) },
  { weight: 1, arbitrary: fc.constantFrom('http://[::1/health', 'http://x/health', '*', '//evil.example/api/orders', '/_local/cli', '/health?%', 'HTTP://A/F/%E0%A4%A') },
);
const queryArb = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), textPiece), textPiece), { maxLength: 4 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${name}=${value}`).join('&')}`));

const JSON_BODIES = [
  () => shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', SHOP),
  () => Buffer.from(JSON.stringify({ shop_domain: SHOP, shop_id: 1, customer: { id: 1, email: 'a@example.com' }, orders_to_redact: [1] })),
  () => Buffer.from('{"comment":"broken\\u0000 \\ud800","score":3,"orderId":"1"}'),
  () => Buffer.from('{"state":"resolved","outcome":{"resolution":"put_right"}}'),
  () => Buffer.from('webhook_id=12'),
  () => Buffer.from('score=3&comment=a%00b&consent=yes&scope=website'),
  () => Buffer.from('From=%2B15550001111&Body=STOP'),
  () => Buffer.from('{"reviewId":"r","rating":1,"reviewer":{"name":"A","email":"a@example.com"}}'),
];
const bodyArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(Buffer.alloc(0)) },
  { weight: 3, arbitrary: fc.constantFrom(...JSON_BODIES).map((make) => make()) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value))) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2_048 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text) => Buffer.from(JSON.stringify({ text }))) },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(1024 * 1024 + 10, 'a')) },
);

const headersArb = (apiKey: string) =>
  fc
    .record(
      {
        authorization: fc.oneof(fc.constant(`Bearer ${apiKey}`), fc.constant('Bearer ag_wrong'), textPiece.map((value) => `Bearer ${value}`), fc.constant('Basic dXNlcjpwYXNz')),
        'content-type': fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', ';;;'),
        'x-shopify-topic': fc.constantFrom(...TOPICS),
        'x-shopify-shop-domain': fc.oneof(fc.constantFrom(SHOP, SHOP.toUpperCase(), ` ${SHOP} `, 'other.myshopify.com', 'xn--80ak6aa92e.com', '..', ''), fc.stringMatching(/^[!-~]{0,80}$/)),
        'x-shopify-hmac-sha256': fc.oneof(fc.base64String({ maxLength: 44 }), fc.constant('forged')),
        'x-shopify-event-id': fc.stringMatching(/^[!-~]{0,60}$/),
        'x-wc-webhook-signature': fc.base64String({ maxLength: 44 }),
        'x-wc-webhook-topic': fc.constantFrom(...TOPICS),
        'webhook-id': fc.stringMatching(/^[!-~]{0,40}$/),
        'webhook-timestamp': fc.oneof(fc.constant(String(Math.floor(Date.now() / 1000))), fc.constantFrom(...SPECIAL_VALUES.slice(0, 8))),
        'webhook-signature': fc.stringMatching(/^v1,[A-Za-z0-9+/=]{0,44}$/),
        'x-twilio-signature': fc.base64String({ maxLength: 28 }),
        'x-afterglow-hmac-sha256': fc.base64String({ maxLength: 44 }),
        'x-afterglow-admin-token': fc.stringMatching(/^[0-9a-f]{0,48}$/),
        'accept-language': fc.oneof(fc.constantFrom('fr', 'en-GB,en;q=0.9', '*', 'q=;;,', 'zz-ZZ;q=2'), fc.stringMatching(/^[ -~]{0,100}$/)),
        'x-long': fc.constant('v'.repeat(6_000)),
        'x-obs-text': fc.constant('caf\u00e9 \u00ff'),
      },
      { requiredKeys: [] },
    )
    .map((record) => Object.entries(record) as [string, string][]);

const requestArb = (apiKey: string): fc.Arbitrary<FuzzRequest> =>
  fc
    .record({
      target: fc.tuple(targetArb, queryArb).map(([path, query]) => `${path}${query}`),
      methodChoice: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
      headers: headersArb(apiKey),
      body: bodyArb,
      framing: fc.constantFrom('length', 'length', 'chunked', 'short-length', 'long-length', 'none'),
      signWrongly: fc.boolean(),
    })
    .map(({ target, methodChoice, headers, body, framing, signWrongly }) => {
      const route = ROUTES.find((candidate) => target.startsWith(candidate.path.split('{')[0] ?? '/'));
      const method = methodChoice ?? route?.method ?? 'GET';
      // A signature computed with a secret afterglow does not hold: well-formed, never valid.
      const signed: [string, string][] = signWrongly ? [['x-shopify-hmac-sha256', hmacBase64('not-the-secret', body)]] : [];
      return { method, target, headers: [...headers.filter(([name]) => !signWrongly || name !== 'x-shopify-hmac-sha256'), ...signed], body, framing };
    });

const wireBytes = (request: FuzzRequest): Buffer => {
  const head = [`${request.method} ${request.target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...request.headers.map(([name, value]) => `${name}: ${value}`)];
  const { body } = request;
  switch (request.framing) {
    case 'length':
      return Buffer.concat([Buffer.from(`${[...head, `Content-Length: ${body.length}`].join('\r\n')}\r\n\r\n`, 'latin1'), body]);
    case 'chunked': {
      const pieces = [];
      for (let start = 0; start < body.length; start += 4_096) pieces.push(chunk(body.subarray(start, start + 4_096)));
      return Buffer.concat([Buffer.from(`${[...head, 'Transfer-Encoding: chunked'].join('\r\n')}\r\n\r\n`, 'latin1'), ...pieces, Buffer.from('0\r\n\r\n')]);
    }
    case 'short-length':
      return Buffer.concat([Buffer.from(`${[...head, `Content-Length: ${Math.floor(body.length / 2)}`].join('\r\n')}\r\n\r\n`, 'latin1'), body]);
    case 'long-length':
      return Buffer.concat([Buffer.from(`${[...head, `Content-Length: ${body.length + 10}`].join('\r\n')}\r\n\r\n`, 'latin1'), body]);
    case 'none':
      return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
  }
};

describe('fuzzing every route (fast-check)', () => {
  let database: TestDatabase;
  let app: TestApp;
  let apiKey: string;
  const figures = { requests: 0, answered: 0, noAnswer: 0, fiveHundreds: 0, healthFailures: 0, statuses: new Map<number, number>() };

  const signedRows = async () => {
    const counts: Record<string, number> = {};
    for (const table of SIGNED_TABLES) {
      counts[table] = (await app.context.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? 0;
    }
    return counts;
  };

  beforeAll(async () => {
    database = await createTestDatabase('edge_fuzz');
    app = await startTestApp({ DATABASE_URL: database.url, KAFKA_BROKERS: '' });
    ({ apiKey } = await app.createTenant({ id: 'fuzz', platform: 'shopify', webhookSecret: 'shpss_fuzz_secret', shopDomain: SHOP }));
    await app.createTenant({ id: 'woo', platform: 'woocommerce', webhookSecret: 'wc_fuzz_secret' });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it(
    `${RUNS} requests: the server keeps answering, never 5xx, nothing stored without a valid signature`,
    async () => {
      // Prepare
      const before = await signedRows();
      // Act and assess, request by request
      await fc.assert(
        fc.asyncProperty(requestArb(apiKey), async (request) => {
          figures.requests += 1;
          const reply: RawReply = await rawRequest(app.port, wireBytes(request), { waitMs: 15_000, endAfterWrite: request.framing === 'long-length' });
          if (reply.status === null) figures.noAnswer += 1;
          else {
            figures.answered += 1;
            figures.statuses.set(reply.status, (figures.statuses.get(reply.status) ?? 0) + 1);
          }
          if (reply.status !== null && reply.status >= 500) figures.fiveHundreds += 1;
          const health = await fetch(`${app.url}/health`).then((response) => response.status, () => 0);
          if (health !== 200) figures.healthFailures += 1;
          // A body that is cut short by the client itself has nobody left to answer; all else is answered.
          if (request.framing !== 'long-length') expect(reply.status, `no answer to ${request.method} ${request.target.slice(0, 200)}`).not.toBeNull();
          expect(reply.status ?? 0, `${request.method} ${request.target.slice(0, 200)}\n${reply.body.slice(0, 300)}`).toBeLessThan(500);
          expect(health).toBe(200);
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true },
      );
      // Assess: no delivery was accepted (no signature held)
      expect(await signedRows()).toEqual(before);
      const statuses = Object.fromEntries([...figures.statuses.entries()].sort(([a], [b]) => a - b));
      // The figures README quotes: printed so a long run can be reported.
      console.info(JSON.stringify({ fuzz: { ...figures, statuses } }));
    },
    60_000 + RUNS * 200,
  );
});
