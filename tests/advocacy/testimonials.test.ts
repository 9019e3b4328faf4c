import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import type { OutboundMessage } from '../../lib/providers/outbound-message.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import {
  consentLinkIn,
  deliveredOrder,
  FORM,
  feedbackForm,
  feedbackFunction,
  pathOf,
  tenantForTestimonials,
} from '../support/testimonials.ts';

/**
 * Testimonials end to end on the local runtime (`npm start`) over real HTTP and PostgreSQL: the
 * customer answers on the feedback page, the feedback function routes it, dispatch sends the
 * request and the confirmation, the customer decides on the consent page, the merchant approves.
 */
describe('testimonials: request, consent, confirmation, approval', () => {
  let database: TestDatabase;
  let app: TestApp;
  let acmeKey: string;
  let globexKey: string;

  const api = (path: string, key: string, init: RequestInit = {}) =>
    fetch(`${app.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) } });
  const outbox = async (kind: string, orderId: string): Promise<OutboundMessage[]> => {
    const rows = await app.context.db.query<{ message: OutboundMessage }>(
      `SELECT m.message FROM outbox_messages m JOIN outreach o ON o.id = m.outreach_id WHERE o.kind = $1 AND o.order_id = $2 ORDER BY m.id`,
      [kind, orderId],
    );
    return rows.map((row) => row.message);
  };
  /** The customer answers on the feedback page; the feedback function then handles the revision. */
  const answer = async (order: Awaited<ReturnType<typeof deliveredOrder>>, form: Parameters<typeof feedbackForm>[0]) => {
    const link = await app.context.links.feedbackPage({
      tenantId: 'acme',
      orderId: order.orderId,
      customerKey: order.customerKey,
      outreachId: null,
      channel: 'email',
      address: order.email,
      subject: 'feedback_request',
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const response = await fetch(`${app.url}${pathOf(link)}`, { method: 'POST', body: feedbackForm(form), headers: FORM });
    expect(response.status).toBe(200);
    const event = await app.context.feedback.latestBySource('acme', 'feedback_page', `order:${order.orderId}`);
    if (!event) throw new Error('feedback not stored');
    await feedbackFunction(app.context)([event]);
    return event;
  };
  const testimonialRows = () => app.context.db.query('SELECT * FROM testimonials ORDER BY id');
  const consentRows = () => app.context.db.query('SELECT * FROM testimonial_consents ORDER BY id');

  beforeAll(async () => {
    database = await createTestDatabase('testimonials');
    // The test drives dispatch itself: the embedded minute schedule would race it for the same asks.
    app = await startTestApp({ DATABASE_URL: database.url, PUBLIC_BASE_URL: 'https://shop.example.com' }, { runSchedules: false });
    acmeKey = (await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' })).apiKey;
    globexKey = (await app.createTenant({ id: 'globex', platform: 'shopify', webhookSecret: 'secret2' })).apiKey;
    await tenantForTestimonials(app.context, 'acme');
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('a happy customer who commented is asked once, with their words and a consent link; the page shows them and changes nothing', async () => {
    // Prepare
    const order = await deliveredOrder(app.context);
    const event = await answer(order, { score: 10, comment: 'The teapot is lovely <b>and</b> it arrived in two days.' });
    // Act: a redelivery of the same revision, then a dispatch run
    await feedbackFunction(app.context)([event]);
    const summary = await runDispatch(app.context, new Date(Date.now() + 60_000));
    // Assess: one request, sent, quoting the comment, linking to the consent page
    const asks = (await app.context.outreach.forOrder('acme', order.orderId)).filter((ask) => ask.kind === 'testimonial_request');
    expect(asks).toHaveLength(1);
    expect(asks[0]?.state).toBe('sent');
    expect(summary.sent).toBeGreaterThanOrEqual(1);
    const [request] = await outbox('testimonial_request', order.orderId);
    const text = request?.channel === 'email' ? request.text : '';
    expect(text).toContain('> The teapot is lovely <b>and</b> it arrived in two days.');
    expect(request?.channel === 'email' ? request.html : '').toContain('The teapot is lovely &lt;b&gt;and&lt;/b&gt;');
    const link = consentLinkIn(text);
    expect(link.startsWith('https://shop.example.com/c/')).toBe(true);

    // Act: the customer (or a mail scanner) opens the link
    const before = { testimonials: await testimonialRows(), consents: await consentRows() };
    const page = await fetch(`${app.url}${pathOf(link)}`);
    const html = await page.text();
    // Assess: the words, the exact wording and the choices; nothing recorded
    expect(page.status).toBe(200);
    expect(html).toContain('The teapot is lovely &lt;b&gt;and&lt;/b&gt; it arrived in two days.');
    expect(html).toContain('I agree that Acme may publish my comment');
    expect(html).toContain('name="scope" value="ads"');
    expect({ testimonials: await testimonialRows(), consents: await consentRows() }).toEqual(before);
  });

  it('a grant on the consent page records the exact wording and sends a confirmation, outside the contact budget, whose link revokes', async () => {
    // Prepare: the request was sent (the customer's budget of one message a week is spent)
    const order = await deliveredOrder(app.context);
    await answer(order, { score: 9, comment: 'Bought it for my mother, she uses it every morning.' });
    await runDispatch(app.context, new Date(Date.now() + 60_000));
    const [request] = await outbox('testimonial_request', order.orderId);
    const consentPath = pathOf(consentLinkIn(request?.channel === 'email' ? request.text : ''));
    const page = await (await fetch(`${app.url}${consentPath}`)).text();
    const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
    // Act: grant for the website and social media, first name and initial
    const grant = new URLSearchParams({ action: 'grant', consentVersion: hidden('consentVersion'), quoteDigest: hidden('quoteDigest'), lang: 'en', displayName: 'first_name_last_initial' });
    grant.append('scope', 'website');
    grant.append('scope', 'social');
    const granted = await fetch(`${app.url}${consentPath}`, { method: 'POST', body: grant.toString(), headers: FORM });
    await runDispatch(app.context, new Date(Date.now() + 120_000));
    // Assess: a pending testimonial with the permission as it was put to the customer
    expect(granted.status).toBe(200);
    expect(await granted.text()).toContain('We sent you a confirmation');
    const [row] = await app.context.db.query<Record<string, unknown>>('SELECT * FROM testimonials WHERE order_id = $1', [order.orderId]);
    expect(row).toMatchObject({
      approval: 'pending',
      consent_granted: true,
      consent_scopes: ['website', 'social'],
      display_name_form: 'first_name_last_initial',
      consent_locale: 'en',
      quote: 'Bought it for my mother, she uses it every morning.',
      verified_purchase: true,
      incentivised: false,
    });
    expect(String(row?.consent_wording)).toMatch(/^I agree that Acme may publish my comment/);
    const [confirmation] = await outbox('testimonial_confirmation', order.orderId);
    const confirmationText = confirmation?.channel === 'email' ? confirmation.text : '';
    expect(confirmationText).toContain('Where: On the website, On social media.');
    expect(confirmationText).toContain('Your name will appear as: Ada L.');
    // Sent although the request used up this week's budget: it answers the customer's own action.
    const confirmationAsk = (await app.context.outreach.forOrder('acme', order.orderId)).find((ask) => ask.kind === 'testimonial_confirmation');
    expect(confirmationAsk).toMatchObject({ state: 'sent', postponements: 0 });

    // Act: the revoke link from the confirmation, opened then used
    const revokePath = pathOf(consentLinkIn(confirmationText));
    const revokePage = await (await fetch(`${app.url}${revokePath}`)).text();
    expect(revokePage).toContain('Withdraw my permission');
    const revoked = await fetch(`${app.url}${revokePath}`, { method: 'POST', body: 'action=revoke', headers: FORM });
    // Assess: withdrawn, and the history keeps both choices
    expect(revoked.status).toBe(200);
    const testimonialId = String(row?.id);
    const detail = (await (await api(`/api/testimonials/${testimonialId}`, acmeKey)).json()) as { state: string; consentHistory: { granted: boolean; channel: string }[] };
    expect(detail.state).toBe('revoked');
    expect(detail.consentHistory.map((consent) => [consent.granted, consent.channel])).toEqual([
      [true, 'consent_page'],
      [false, 'consent_page'],
    ]);
  });

  it('permission given with the feedback; the merchant approves or rejects; another tenant gets 404; a revoked one cannot be approved (409)', async () => {
    // Prepare
    const first = await deliveredOrder(app.context);
    const second = await deliveredOrder(app.context);
    await answer(first, { score: 10, comment: 'Superb quality, will order again.', consent: { scopes: ['website'] } });
    await answer(second, { score: 10, comment: 'Fast and friendly, thank you!', consent: { scopes: ['ads'], displayName: 'anonymous' } });
    const pending = (await (await api('/api/testimonials/moderation?state=pending', acmeKey)).json()) as { testimonials: { id: string; orderId: string }[] };
    const idOf = (orderId: string) => pending.testimonials.find((testimonial) => testimonial.orderId === orderId)?.id ?? '';
    // Act
    const approved = await api(`/api/testimonials/${idOf(first.orderId)}/approve`, acmeKey, { method: 'POST' });
    const rejected = await api(`/api/testimonials/${idOf(second.orderId)}/reject`, acmeKey, { method: 'POST', body: JSON.stringify({ note: 'off-brand' }) });
    const foreign = await api(`/api/testimonials/${idOf(first.orderId)}/approve`, globexKey, { method: 'POST' });
    const noKey = await fetch(`${app.url}/api/testimonials/${idOf(first.orderId)}/approve`, { method: 'POST' });
    // the customer unticks the permission on the feedback page, then the merchant tries again
    await answer(second, { score: 10, comment: 'Fast and friendly, thank you!' });
    const afterRevocation = await api(`/api/testimonials/${idOf(second.orderId)}/approve`, acmeKey, { method: 'POST' });
    // Assess
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ state: 'approved', displayName: 'Ada L.', consent: { scopes: ['website'] } });
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toMatchObject({ state: 'rejected', reviewNote: 'off-brand' });
    expect(foreign.status).toBe(404);
    expect(noKey.status).toBe(401);
    expect(afterRevocation.status).toBe(409);
    expect(await afterRevocation.json()).toMatchObject({ state: 'revoked' });
    // a grant on the feedback page is confirmed too
    expect(await outbox('testimonial_confirmation', first.orderId)).toHaveLength(0);
    await runDispatch(app.context, new Date(Date.now() + 60_000));
    expect(await outbox('testimonial_confirmation', first.orderId)).toHaveLength(1);
  });

  it('revoking by the link removes an approved testimonial from every later export', async () => {
    // Prepare: approved and exported
    const order = await deliveredOrder(app.context, 'acme', { firstName: 'Grace', lastName: 'Hopper' });
    await answer(order, { score: 10, comment: 'Exactly as described; the box was beautiful.', consent: { scopes: ['website', 'ads'], displayName: 'full_name' } });
    const testimonial = await app.context.db.query<{ id: string }>('SELECT id FROM testimonials WHERE order_id = $1', [order.orderId]);
    const id = testimonial[0]?.id ?? '';
    await api(`/api/testimonials/${id}/approve`, acmeKey, { method: 'POST' });
    const exportedIds = async () => {
      const page = (await (await api('/api/testimonials?format=json', acmeKey)).json()) as { testimonials: { id: string }[] };
      const streamed = await (await api('/export/testimonials?format=ndjson', acmeKey)).text();
      const streamedIds = streamed.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id);
      return { page: page.testimonials.map((row) => row.id), streamed: streamedIds };
    };
    const before = await exportedIds();
    await runDispatch(app.context, new Date(Date.now() + 60_000));
    const [confirmation] = await outbox('testimonial_confirmation', order.orderId);
    const revokePath = pathOf(consentLinkIn(confirmation?.channel === 'email' ? confirmation.text : ''));
    // Act
    const revoked = await fetch(`${app.url}${revokePath}`, { method: 'POST', body: 'action=revoke', headers: FORM });
    // Assess
    expect(before.page).toContain(id);
    expect(before.streamed).toContain(id);
    expect(revoked.status).toBe(200);
    const after = await exportedIds();
    expect(after.page).not.toContain(id);
    expect(after.streamed).not.toContain(id);
  });
});
