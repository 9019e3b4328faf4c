import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamUnavailableError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/logger.ts';
import { receiveReviewWebhook } from '../../lib/reviews/receive-review-webhook.ts';
import { signFirstPartyReview } from '../../lib/reviews/review-sources.ts';
import { orderEventFactory } from '../support/kafka-records.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';
import { setTenantSettings } from '../support/test-context.ts';
import { basicAuthorization } from '../support/sign.ts';

const FIRST_PARTY_SECRET = 'first-party-secret-0123456789';
const TRUSTPILOT = { username: 'afterglow', password: 'tp-password-123' };

/** Trustpilot's documented service-review webhook body, with the review's fields changed. */
const trustpilotBody = (review: Record<string, unknown> = {}, eventName = 'service-review-created') =>
  JSON.stringify({
    events: [
      {
        eventName,
        version: '1',
        eventData: {
          id: '53bffd360000640002975387',
          language: 'en',
          title: 'Great service',
          text: 'Nothing other than excellent customer service.',
          referenceId: 'ABC-123-xyz',
          stars: 5,
          createdAt: '2017-05-20T09:34:44.000Z',
          isVerified: true,
          locationId: '43f51215-a1fc-4c60-b6dd-e4afb6d7b831',
          link: 'https://api.trustpilot.com/v1/reviews/53bffd360000640002975387',
          consumer: { id: '53bffc3900006400017e5db8', name: 'Customer', link: 'https://api.trustpilot.com/v1/consumers/53bffd360000640002975387' },
          tags: [{ group: 'Generic', value: 'Tag value' }],
          ...review,
        },
      },
    ],
  });
const basic = basicAuthorization;
const firstPartyBody = (review: Record<string, unknown> = {}) =>
  JSON.stringify({ reviewId: 'fp-1', rating: 5, title: 'Lovely', text: 'Arrived fast', reviewer: { name: 'Bob', email: 'Foo@Example.com' }, ...review });
const signed = (body: string, secret = FIRST_PARTY_SECRET) => ({ 'content-type': 'application/json', 'x-afterglow-hmac-sha256': signFirstPartyReview(secret, body) });

/** `POST /webhooks/reviews/{source}/{tenantId}` as npm start serves it, with the recovery queue and function running. */
describe('review webhooks', () => {
  let database: TestDatabase;
  let app: TestApp;
  let apiKey: string;

  beforeAll(async () => {
    database = await createTestDatabase('reviews');
    app = await startTestApp({ DATABASE_URL: database.url });
    apiKey = (await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' })).apiKey;
    await app.createTenant({ id: 'unset', platform: 'shopify', webhookSecret: 'secret' });
    await setTenantSettings(app.context, 'acme', [
      `reviewWebhooks.firstPartySecret=${FIRST_PARTY_SECRET}`,
      `reviewWebhooks.trustpilotUsername=${TRUSTPILOT.username}`,
      `reviewWebhooks.trustpilotPassword=${TRUSTPILOT.password}`,
    ]);
    // The order Trustpilot's invitation named as referenceId
    await app.context.orders.record(orderEventFactory({ eventId: 'e-tp', orderId: '4242', order: { ...orderEventFactory().order, id: '4242', number: '#4242' } }), 'test');
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it.each([
    ['an unknown source', '/webhooks/reviews/yelp/acme', 404],
    ['an unknown tenant', '/webhooks/reviews/first_party/ghost', 404],
    ['a tenant that has not set the source up', '/webhooks/reviews/first_party/unset', 404],
  ])('404 for %s', async (_what, path, status) => {
    const body = firstPartyBody();
    expect((await app.post(path, body, signed(body))).status).toBe(status);
  });

  it('413 for a body over 1 MB, before any signature check', async () => {
    const body = firstPartyBody({ text: 'x'.repeat(1024 * 1024) });
    const reply = await app.post('/webhooks/reviews/first_party/acme', body, { 'content-type': 'application/json' });
    expect(reply.status).toBe(413);
  });

  it.each([
    ['first_party', 'no signature', firstPartyBody(), { 'content-type': 'application/json' }],
    ['first_party', 'a signature with another secret', firstPartyBody(), signed(firstPartyBody(), 'someone-elses-secret-000')],
    ['trustpilot', 'no credentials', trustpilotBody(), {}],
    ['trustpilot', 'a wrong password', trustpilotBody(), basic(TRUSTPILOT.username, 'guess')],
  ])('401 for %s with %s', async (source, _what, body, headers) => {
    const reply = await app.post(`/webhooks/reviews/${source}/acme`, body, headers as Record<string, string>);
    expect(reply.status).toBe(401);
  });

  it.each([
    ['first_party', 'not JSON', '{"reviewId":', (body: string) => signed(body)],
    ['first_party', 'a rating off the scale', firstPartyBody({ rating: 7 }), (body: string) => signed(body)],
    ['trustpilot', 'no events', '{"reviews":[]}', () => basic(TRUSTPILOT.username, TRUSTPILOT.password)],
  ])('400 for an authentic %s body that is %s, saying why', async (source, _what, body, headers) => {
    const reply = await app.post(`/webhooks/reviews/${source}/acme`, body, headers(body));
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(/not a|JSON/);
  });

  it('a positive review is stored (202) once: the same delivery again is a duplicate (200), and raises nothing', async () => {
    // Act
    const body = firstPartyBody();
    const first = await app.post('/webhooks/reviews/first_party/acme', body, signed(body));
    const again = await app.post('/webhooks/reviews/first_party/acme', body, signed(body));
    // Assess
    expect(first).toMatchObject({ status: 202, json: { status: 'accepted', reviews: ['fp-1'], recoverySignals: [] } });
    expect(again).toMatchObject({ status: 200, json: { status: 'duplicate' } });
    // the reviewer is known by email from the order stream: their review is there for outreach to see
    const reviews = await app.context.reviews.byCustomer('acme', 'c:1073339470');
    expect(reviews).toMatchObject([{ source: 'first_party', reviewId: 'fp-1', rating: 5, reviewerEmail: 'foo@example.com', signalId: null }]);
  });

  it('Trustpilot: updated and deleted reviews are acknowledged and ignored (200)', async () => {
    const reply = await app.post('/webhooks/reviews/trustpilot/acme', trustpilotBody({}, 'service-review-updated'), basic(TRUSTPILOT.username, TRUSTPILOT.password));
    expect(reply).toMatchObject({ status: 200, json: { status: 'ignored' } });
  });

  it('a negative Trustpilot review about an invited order becomes a recovery case for that customer and order', async () => {
    // Prepare: 1 star, referenceId = the order afterglow invited for
    const body = trustpilotBody({ id: 'tp-neg-1', stars: 1, title: 'Broken on arrival', text: 'The glass was shattered', referenceId: '4242' });
    // Act
    const reply = await app.post('/webhooks/reviews/trustpilot/acme', body, basic(TRUSTPILOT.username, TRUSTPILOT.password));
    // Assess
    expect(reply).toMatchObject({ status: 202, json: { reviews: ['tp-neg-1'], recoverySignals: ['review:trustpilot:tp-neg-1'] } });
    const cases = await waitFor(async () => {
      const response = await fetch(`${app.url}/api/cases`, { headers: { authorization: `Bearer ${apiKey}` } });
      const page = (await response.json()) as { cases: { orderId: string | null; severity: string; summary: string; customer: { key: string } }[] };
      return page.cases.length > 0 && page.cases;
    }, { what: 'the case' });
    expect(cases).toMatchObject([
      { orderId: '4242', order: '#4242', severity: 'high', categories: ['damaged'], customer: { key: 'c:1073339470' }, summary: '1-star Trustpilot review: Damaged on arrival' },
    ]);
    // the same delivery again raises nothing new
    expect((await app.post('/webhooks/reviews/trustpilot/acme', body, basic(TRUSTPILOT.username, TRUSTPILOT.password))).status).toBe(200);
  });

  it('a review is read like feedback: "Mug broken, no reply to my emails" is damaged and a service complaint, high, in the customer’s words', async () => {
    // Prepare
    const body = firstPartyBody({ reviewId: 'fp-mug', rating: 1, title: null, text: 'Mug broken, no reply to my emails', reviewer: { name: 'Mia', email: 'mia@example.com' } });
    // Act
    const reply = await app.post('/webhooks/reviews/first_party/acme', body, signed(body));
    // Assess
    expect(reply).toMatchObject({ status: 202, json: { recoverySignals: ['review:first_party:fp-mug'] } });
    const found = await waitFor(async () => {
      const cases = await app.context.recoveryCases.list('acme');
      return cases.find((candidate) => candidate.customerKey === 'e:mia@example.com');
    }, { what: 'the case' });
    expect(found).toMatchObject({ severity: 'high', categories: ['damaged', 'service_staff'] });
    expect(found?.remedies).toEqual([
      { category: 'damaged', remedy: 'reship' },
      { category: 'service_staff', remedy: 'apology' },
    ]);
    const detail = (await (await fetch(`${app.url}/api/cases/${found?.id}`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as {
      signals: { issues: string[]; words: string | null }[];
    };
    expect(detail.signals).toMatchObject([{ issues: ['damaged', 'service_staff'], words: 'Mug broken, no reply to my emails' }]);
  });

  it('a problem named under high stars still reaches the service team; a happy review raises nothing', async () => {
    // Prepare
    const cracked = firstPartyBody({ reviewId: 'fp-cracked', rating: 4, title: 'Lovely mug', text: 'Lovely design, but it arrived cracked.', reviewer: { name: 'Noa', email: 'noa@example.com' } });
    const happy = firstPartyBody({ reviewId: 'fp-happy', rating: 5, title: 'Lovely mug', text: 'Lovely design, arrived quickly.', reviewer: { name: 'Ola', email: 'ola@example.com' } });
    // Act
    const problem = await app.post('/webhooks/reviews/first_party/acme', cracked, signed(cracked));
    const fine = await app.post('/webhooks/reviews/first_party/acme', happy, signed(happy));
    // Assess
    expect(problem).toMatchObject({ status: 202, json: { recoverySignals: ['review:first_party:fp-cracked'] } });
    expect(fine).toMatchObject({ status: 202, json: { recoverySignals: [] } });
  });

  it('503 when the recovery queue is down; the platform’s retry sends the signal then (202), once', async () => {
    // Prepare: the same handler code over the real store, with a queue that fails once
    const sent: string[] = [];
    let down = true;
    const deps = {
      ...app.context,
      recoveryQueue: {
        async send(signal: { signalId: string }) {
          if (down) throw new UpstreamUnavailableError('SQS send to the recovery queue failed: connect ECONNREFUSED');
          sent.push(signal.signalId);
          return { messageId: `m-${sent.length}` };
        },
      },
      logger: silentLogger,
    };
    const body = firstPartyBody({ reviewId: 'fp-neg', rating: 2, text: 'Never again' });
    const delivery = { source: 'first_party', tenantId: 'acme', headers: signed(body), body: Buffer.from(body) };
    // Act
    const first = await receiveReviewWebhook(delivery, deps);
    down = false;
    const retry = await receiveReviewWebhook(delivery, deps);
    const again = await receiveReviewWebhook(delivery, deps);
    // Assess
    expect(first.status).toBe(503);
    expect(retry).toMatchObject({ status: 202, body: { reviews: [], recoverySignals: ['review:first_party:fp-neg'] } });
    expect(again.status).toBe(200);
    expect(sent).toEqual(['review:first_party:fp-neg']);
    expect((await app.context.reviews.find('acme', 'first_party', 'fp-neg'))?.signalSentAt).not.toBeNull();
  });
});
