import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFirstPartyReview } from '../../lib/reviews/review-sources.ts';
import { storableText, storableValue } from '../../lib/text/storable-text.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyFixtureOf } from '../support/shared.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { setTenantSettings } from '../support/test-context.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';
import { FORM, feedbackForm, pathOf } from '../support/testimonials.ts';

const SECRET = 'shpss_text';
const REVIEW_SECRET = 'first-party-secret-0123456789';

/**
 * A real Shopify order whose JSON carries text PostgreSQL refuses (`\u0000` in the email and
 * name, unpaired surrogates), with a new order id so each case is its own order.
 */
const orderWith = (orderId: number, replace: (text: string) => string): Buffer =>
  Buffer.from(
    replace(shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', 'text.myshopify.com').toString('utf8')).replaceAll(
      '"id": 1073459972',
      `"id": ${orderId}`,
    ),
    'utf8',
  );

describe('text PostgreSQL cannot store never blocks an order', () => {
  let database: TestDatabase;
  let app: TestApp;
  let apiKey: string;

  const orderRow = (orderId: string) =>
    app.context.db
      .query<{ customer_email: string | null; customer: { firstName: string | null; lastName: string | null } }>(
        'SELECT customer_email, customer FROM orders WHERE tenant_id = $1 AND order_id = $2',
        ['text', orderId],
      )
      .then((rows) => rows[0]);
  const asksFor = (orderId: string) =>
    app.context.db.query<{ kind: string }>('SELECT kind FROM outreach WHERE tenant_id = $1 AND order_id = $2', ['text', orderId]);

  beforeAll(async () => {
    database = await createTestDatabase('edge_text');
    app = await startTestApp({ DATABASE_URL: database.url, KAFKA_BROKERS: '' });
    ({ apiKey } = await app.createTenant({ id: 'text', platform: 'shopify', webhookSecret: SECRET, shopDomain: 'text.myshopify.com' }));
    await setTenantSettings(app.context, 'text', ['journey.trigger=fulfilled', `reviewWebhooks.firstPartySecret=${REVIEW_SECRET}`]);
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it.each([
    ['NUL in the email', 910001, (t: string) => t.replaceAll('"email": "foo@example.com"', '"email": "foo\\u0000@example.com"'), 'foo@example.com'],
    ['NUL in the name only', 910002, (t: string) => t.replace('"first_name": null', '"first_name": "Ann\\u0000e"'), 'foo@example.com'],
    ['lone surrogates in the name', 910003, (t: string) => t.replace('"first_name": null', '"first_name": "\\ud800Zoe"').replace('"last_name": null', '"last_name": "Li\\udfff"'), 'foo@example.com'],
    ['a lone surrogate in the email', 910004, (t: string) => t.replaceAll('"email": "foo@example.com"', '"email": "foo\\udbff@example.com"'), 'foo\ufffd@example.com'],
  ])('%s: 202, the order is stored and its asks are planned', async (_what, orderId, replace, storedEmail) => {
    // Prepare: the body is signed as sent, escapes and all
    const body = orderWith(orderId, replace);
    // Act
    const reply = await app.post('/webhooks/shopify', body, shopifyHeaders(body, SECRET, { topic: 'orders/fulfilled', shopDomain: 'text.myshopify.com' }));
    // Assess
    expect(reply.status).toBe(202);
    const row = await waitFor(() => orderRow(String(orderId)), { what: `order ${orderId}` });
    expect(row.customer_email).toBe(storedEmail);
    expect(JSON.stringify(row.customer)).not.toMatch(/\\u0000|\\ud[89ab]|\\ud[c-f]/i);
    const asks = await waitFor(async () => {
      const planned = await asksFor(String(orderId));
      return planned.length > 0 && planned;
    }, { what: `asks for order ${orderId}` });
    expect(asks.map((ask) => ask.kind)).toContain('feedback_request');
    const deadLetters = await app.context.db.query('SELECT reason FROM dead_letters');
    expect(deadLetters).toEqual([]);
  });

  it('a NUL in a feedback comment (API and page) is kept without it, never a 500', async () => {
    // Act: the API
    const api = await app.post('/api/feedback', JSON.stringify({ orderId: '910002', score: 2, comment: 'broken\u0000 lid \ud800', externalId: 'nul-1' }), {
      'content-type': 'application/json',
      authorization: `Bearer ${apiKey}`,
    });
    // Assess
    expect(api.status).toBe(202);
    const stored = await app.context.feedback.latestBySource('text', 'api', 'nul-1');
    expect(stored?.comment).toBe('broken lid \ufffd');

    // Act: the page
    const link = await app.context.links.feedbackPage({ tenantId: 'text', orderId: '910001', customerKey: 'c:1073339470', outreachId: null, channel: 'email', address: 'foo@example.com', subject: 'feedback_request', expiresAt: new Date(Date.now() + 86_400_000) });
    const page = await fetch(`${app.url}${pathOf(link)}`, { method: 'POST', body: feedbackForm({ score: 9, comment: 'lovely\u0000 teapot' }), headers: FORM });
    // Assess
    expect(page.status).toBe(200);
    const fromPage = await app.context.feedback.latestBySource('text', 'feedback_page', 'order:910001');
    expect(fromPage?.comment).toBe('lovely teapot');
  });

  it('a consent time PostgreSQL cannot store (year 0) is a 400 from the feedback API, not a 500', async () => {
    const consent = { granted: true, wording: 'You may quote me', wordingVersion: 'v1', locale: 'en', scopes: ['website'], displayName: 'full_name', recordedAt: '0000-01-01T00:00:00Z' };
    const reply = await app.post('/api/feedback', JSON.stringify({ orderId: '910002', score: 9, comment: 'fine', externalId: 'year-0', testimonialConsent: consent }), {
      'content-type': 'application/json',
      authorization: `Bearer ${apiKey}`,
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(/recordedAt/);
  });

  it('a review webhook with NUL in its text is accepted', async () => {
    const body = JSON.stringify({ reviewId: 'r-nul', rating: 2, title: 'Chipped\u0000', text: 'cup \udc00', reviewer: { name: 'A\u0000nn', email: 'ann@example.com' } });
    const reply = await app.post('/webhooks/reviews/first_party/text', body, { 'content-type': 'application/json', 'x-afterglow-hmac-sha256': signFirstPartyReview(REVIEW_SECRET, body) });
    expect(reply.status).toBe(202);
  });

  it('a dead letter whose payload holds a NUL byte is kept, byte for byte', async () => {
    // Prepare: a record with a NUL byte, which is valid UTF-8 and no jsonb can hold
    const payload = Buffer.from('{"order":"a\u0000b"}', 'utf8');
    // Act
    await app.context.deadLetters.send({ source: { kind: 'kafka', topic: 'afterglow.orders', partition: 0, offset: '999999' }, handler: 'orders', reason: 'bad\u0000 record', key: 'k\u0000', payload });
    // Assess
    const [kept] = await app.context.deadLetterStore.list({ handler: 'orders' });
    expect(kept?.payloadEncoding).toBe('base64');
    expect(Buffer.from(kept?.payload ?? '', 'base64').equals(payload)).toBe(true);
    expect(kept?.reason).toBe('bad record');
  });
});

describe('storable text', () => {
  it('removes NUL, replaces unpaired surrogates, keeps pairs and everything else', () => {
    expect(storableText('a\u0000b')).toBe('ab');
    expect(storableText('\ud83d\ude00 ok')).toBe('\ud83d\ude00 ok');
    expect(storableText('x\ud83d')).toBe('x\ufffd');
    expect(storableText('\ude00x')).toBe('\ufffdx');
    expect(storableValue({ 'k\u0000': ['v\ud800', 1, true, null, '1234567890123456789'] })).toEqual({ k: ['v\ufffd', 1, true, null, '1234567890123456789'] });
    const untouched = { a: ['b'] };
    expect(storableValue(untouched)).toBe(untouched);
  });
});
