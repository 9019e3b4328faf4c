import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { feedbackEventsOnLocalLog } from '../support/feedback-journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * `POST /api/feedback` as a survey tool or a helpdesk calls it: the tenant's API key, JSON, the
 * caller's own `externalId` for retries and edits; every accepted answer on the event log.
 */
describe('feedback API', () => {
  let database: TestDatabase;
  let app: TestApp;
  let apiKey: string;

  const send = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${apiKey}` }) =>
    app.post('/api/feedback', typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': 'application/json', ...headers });

  beforeAll(async () => {
    database = await createTestDatabase('feedbackapi');
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    ({ apiKey } = await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' }));
    await app.createTenant({ id: 'other', platform: 'shopify', webhookSecret: 'secret' });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it.each([
    ['no Authorization header', {}],
    ['an unknown key', { authorization: 'Bearer ag_not_a_key' }],
    ['a key in the wrong scheme', { authorization: `Basic ${Buffer.from('acme:x').toString('base64')}` }],
  ])('%s → 401, nothing stored', async (_, headers) => {
    const reply = await send({ externalId: 'unauthorised', customer: { email: 'a@example.com' }, score: 9 }, headers);
    expect(reply.status).toBe(401);
    expect(reply.json.error).toMatch(/API key/);
    expect(await app.context.db.query(`SELECT 1 FROM feedback WHERE source_key = 'unauthorised'`)).toEqual([]);
  });

  it('an order afterglow has not seen, with no customer → 404 saying what to send', async () => {
    const reply = await send({ orderId: '404404', score: 9 });
    expect(reply.status).toBe(404);
    expect(reply.json.error).toBe('no order 404404 for this tenant yet; send the customer (id, email or phone) or retry once the order has arrived');
  });

  it.each([
    ['a score above the tenant scale', { score: 11 }, 'score: score 11 is outside the NPS scale (0–10)'],
    ['a score outside the scale named', { score: 6, scale: 'csat' }, 'score: score 6 is outside the CSAT scale (1–5)'],
    ['half a point on NPS', { score: 7.5 }, 'score: score 7.5 must be a whole number on the NPS scale'],
    ['a comment over 5000 characters', { comment: 'x'.repeat(5001) }, 'comment: comment is longer than 5000 characters; shorten it'],
    ['a field afterglow does not know', { score: 9, rating: 5 }, 'rating'],
    ['a customer field afterglow does not know', { score: 9, customer: { email: 'a@example.com', nickname: 'A' } }, 'customer'],
    ['neither score nor comment', { comment: '   ' }, 'send a score, a comment, or both'],
    ['a scale that does not exist', { score: 3, scale: 'thumbs' }, 'scale'],
  ])('%s → 400 saying what', async (_, fields, problem) => {
    const reply = await send({ externalId: `bad-${problem.slice(0, 20)}`, customer: { email: 'bad@example.com' }, ...fields });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toContain(problem);
  });

  it('names every unknown field', async () => {
    const reply = await send({ customer: { email: 'a@example.com' }, score: 9, rating: 5, stars: 4 });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(/rating/);
    expect(reply.json.error).toMatch(/stars/);
  });

  it('a body that is not JSON → 400', async () => {
    const reply = await send('score=9');
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(/^body is not valid JSON/);
  });

  it('keeps every digit of a 19-digit customer id sent as a JSON number (a Shopify id from a helpdesk)', async () => {
    // Act: written by hand, as JSON.stringify cannot write a number above 2^53 exactly
    const reply = await send('{"externalId":"gorgias-csat-7","customer":{"id":7390123456789012345},"score":5,"scale":"csat"}');
    // Assess
    expect(reply.status).toBe(202);
    const [event] = (await feedbackEventsOnLocalLog(app.context)).filter((candidate) => candidate.feedbackId === reply.json.feedbackId);
    expect(event?.customer.key).toBe('c:7390123456789012345');
  });

  it('a retry with the same externalId → 200 unchanged; an edit → 202 revision 2 of the same feedback; both on the log', async () => {
    // Prepare
    const answer = { externalId: 'typeform-resp-81', source: 'typeform', customer: { email: 'Rita@Example.com', firstName: 'Rita' }, score: 4, comment: 'Late again.' };
    // Act
    const accepted = await send(answer);
    const retried = await send(answer);
    const edited = await send({ ...answer, comment: 'Late again. It did arrive in the end.' });
    // Assess
    expect(accepted).toEqual({ status: 202, json: { status: 'accepted', feedbackId: expect.stringMatching(/^fb_/), revision: 1 } });
    expect(retried).toEqual({ status: 200, json: { status: 'unchanged', feedbackId: accepted.json.feedbackId, revision: 1 } });
    expect(edited).toEqual({ status: 202, json: { status: 'accepted', feedbackId: accepted.json.feedbackId, revision: 2 } });
    const logged = (await feedbackEventsOnLocalLog(app.context)).filter((event) => event.feedbackId === accepted.json.feedbackId);
    expect(logged.map((event) => [event.revision, event.comment])).toEqual([
      [1, 'Late again.'],
      [2, 'Late again. It did arrive in the end.'],
    ]);
    expect(logged[0]).toMatchObject({
      tenantId: 'acme',
      source: 'api',
      sourceDetail: 'typeform',
      orderId: null,
      customer: { key: 'e:rita@example.com', email: 'rita@example.com', firstName: 'Rita' },
      score: { value: 4, scale: 'nps' },
    });
  });

  it('feedback about a known order takes the customer from the order', async () => {
    await deliverToOrdersFunction([lifecycleEvent('8800000000000000001', 'delivered', '2026-11-01T10:00:00.000Z', { customer: { key: 'c:88', id: '88', email: 'order@example.com' } })]);
    const reply = await send({ externalId: 'zendesk-csat-1', source: 'zendesk_csat', orderId: '8800000000000000001', score: 2, scale: 'csat' });
    expect(reply.status).toBe(202);
    const [event] = (await feedbackEventsOnLocalLog(app.context)).filter((candidate) => candidate.feedbackId === reply.json.feedbackId);
    expect(event).toMatchObject({ orderId: '8800000000000000001', customer: { key: 'c:88', email: 'order@example.com' }, score: { value: 2, scale: 'csat' } });
  });

  it('one tenant\'s externalId never touches another tenant\'s feedback', async () => {
    const { apiKey: otherKey } = await app.createTenant({ id: 'third', platform: 'woocommerce', webhookSecret: 'secret' });
    const mine = await send({ externalId: 'shared-id', customer: { email: 'a@example.com' }, score: 9 });
    const theirs = await send({ externalId: 'shared-id', customer: { email: 'a@example.com' }, score: 9 }, { authorization: `Bearer ${otherKey}` });
    expect([mine.status, theirs.status]).toEqual([202, 202]);
    expect(theirs.json.feedbackId).not.toBe(mine.json.feedbackId);
  });
});
