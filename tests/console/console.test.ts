import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferedIo } from '../../lib/cli/io.ts';
import { runStoreCommand } from '../../lib/cli/store-commands.ts';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { escapeHtml } from '../../lib/pages/html.ts';
import { changeSettings, emailInOutbox, feedbackLinkIn, newCustomer } from '../support/feedback-journey.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { seedCase, seedTestimonial, seedWeeklyNps } from './console-seed.ts';

/**
 * The merchant console over HTTP, as a browser and as an attacker meet it: sign-in exchanges the
 * API key for an HttpOnly, SameSite=Lax session; every form needs its CSRF token; a session sees
 * its own tenant only; revocation and the store-kept sign-in limiter hold.
 */
describe('the merchant console', () => {
  let database: TestDatabase;
  let app: TestApp;
  let acmeKey: string;
  let otherKey: string;
  let acmeCase: { caseId: string };
  let otherCase: { caseId: string };

  const get = (path: string, cookie = '', headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
  const post = (path: string, form: Record<string, string>, cookie = '') =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(form).toString(),
    });
  const cookiePairOf = (response: Response, name: string) =>
    response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`))?.split(';')[0] ?? '';

  /** The sign-in form as a browser fills it: its CSRF cookie echoed in the form. */
  const signIn = async (apiKey: string, person: string) => {
    const form = await get('/console/sign-in');
    const csrfCookie = cookiePairOf(form, 'ag_console_signin');
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const reply = await post('/console/sign-in', { csrf, apiKey, person }, csrfCookie);
    const session = cookiePairOf(reply, 'ag_console');
    const page = await (await get('/console', session)).text();
    return { reply, session, csrf: /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '', page };
  };

  beforeAll(async () => {
    database = await createTestDatabase('console');
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    ({ apiKey: acmeKey } = await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'a' }));
    ({ apiKey: otherKey } = await app.createTenant({ id: 'other', platform: 'shopify', webhookSecret: 'b' }));
    await seedWeeklyNps(app, 'acme', [
      { daysAgo: 21, scores: [10, 10, 9, 8, 3] },
      { daysAgo: 14, scores: [10, 9, 9, 9, 10] },
      { daysAgo: 7, scores: [2, 3, 10, 6, 9] },
    ]);
    acmeCase = await seedCase(app, acmeKey, 'The mug arrived broken and nobody answers my emails', 'ann@example.com');
    otherCase = await seedCase(app, otherKey, 'Never arrived', 'bob@example.com');
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('sends a visitor without a session to the sign-in form, served under a strict CSP', async () => {
    const redirected = await get('/console/cases');
    const form = await get('/console/sign-in');
    expect(redirected.status).toBe(303);
    expect(redirected.headers.get('location')).toBe('/console/sign-in');
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'none'.*frame-ancestors 'none'/);
    expect(await form.text()).toMatch(/<form method="post" action="\/console\/sign-in">/);
  });

  it('exchanges the API key for an HttpOnly, SameSite=Lax session cookie scoped to the console, and shows the tenant’s own satisfaction', async () => {
    // Act
    const { reply, session, page } = await signIn(acmeKey, 'Dana Owner');
    const api = (await (await fetch(`${app.url}/api/satisfaction?from=${new Date(Date.now() - 182 * 86_400_000).toISOString()}`, { headers: { authorization: `Bearer ${acmeKey}` } })).json()) as {
      weeks: { weekOf: string; nps: { score: number } | null }[];
    };
    // Assess
    expect(reply.status).toBe(303);
    const cookie = reply.headers.getSetCookie().find((value) => value.startsWith('ag_console='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/); // served over plain http here
    expect(session).toMatch(/^ag_console=[A-Za-z0-9_-]{43}$/);
    const points = [...page.matchAll(/class="point"[^>]*data-week="([^"]+)" data-value="([^"]+)"/g)].map((match) => ({ weekOf: match[1], value: Number(match[2]) }));
    expect(points).toEqual(api.weeks.filter((week) => week.nps).map((week) => ({ weekOf: week.weekOf, value: week.nps?.score })));
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(page).toContain('Dana Owner · acme');
  });

  it('refuses a form without the session’s CSRF token, and resolves a case with one, naming the person in the helpdesk note', async () => {
    // Prepare
    const { session, csrf } = await signIn(acmeKey, 'Sam Service');
    // Act
    const forged = await post(`/console/cases/${acmeCase.caseId}`, { action: 'resolve', resolution: 'put_right', note: 'forged' }, session);
    const resolved = await post(`/console/cases/${acmeCase.caseId}`, { csrf, action: 'resolve', resolution: 'put_right', note: 'Sent a new mug' }, session);
    const seen = (await (await fetch(`${app.url}/api/cases/${acmeCase.caseId}`, { headers: { authorization: `Bearer ${acmeKey}` } })).json()) as {
      state: string;
      outcome: { resolution: string; note: string };
    };
    // Assess
    expect(forged.status).toBe(403);
    expect(resolved.status).toBe(303);
    expect(seen.state).toBe('resolved');
    expect(seen.outcome).toMatchObject({ resolution: 'put_right' });
    expect(seen.outcome.note).toMatch(/Sent a new mug[\s\S]*Sam Service/);
  });

  it('never shows or changes another tenant’s data', async () => {
    const { session, csrf } = await signIn(acmeKey, 'Dana Owner');
    const page = await get(`/console/cases/${otherCase.caseId}`, session);
    const change = await post(`/console/cases/${otherCase.caseId}`, { csrf, action: 'acknowledge' }, session);
    const queue = await (await get('/console/cases', session)).text();
    const untouched = (await (await fetch(`${app.url}/api/cases/${otherCase.caseId}`, { headers: { authorization: `Bearer ${otherKey}` } })).json()) as { state: string };
    expect(page.status).toBe(404);
    expect(change.status).toBe(404);
    expect(queue).not.toContain(otherCase.caseId);
    expect(untouched.state).toBe('open');
  });

  it('approves a testimonial, then hands out a short-lived export link that streams it without the API key', async () => {
    // Prepare
    const testimonial = await seedTestimonial(app, acmeKey, 'Lovely mug, arrived in two days');
    const { session, csrf } = await signIn(acmeKey, 'Mia Marketing');
    // Act
    const approved = await post(`/console/testimonials/${testimonial.id}`, { csrf, decision: 'approved' }, session);
    const linked = await post('/console/testimonials/export', { csrf, format: 'csv' }, session);
    const location = (/<a class="download" href="([^"]+)"/.exec(await linked.text())?.[1] ?? '').replaceAll('&amp;', '&');
    const exported = await fetch(location);
    const forged = await fetch(location.replace(/link=[^&]+/, 'link=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
    // Assess
    expect(approved.status).toBe(303);
    expect(linked.status).toBe(200);
    expect(location).toMatch(/\/export\/testimonials\?format=csv&link=[A-Za-z0-9_-]{43}$/);
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain('Lovely mug, arrived in two days');
    expect(forged.status).toBe(401);
  });

  it('finds a customer’s order by email through a POSTed form (no email in any URL)', async () => {
    // Prepare: an order of the customer, through the real webhook path
    const { session, csrf } = await signIn(acmeKey, 'Sam Service');
    await app.context.db.query(
      `INSERT INTO orders (tenant_id, order_id, platform, order_number, kind, state_at, customer_key, customer_email, customer, items, last_event_id)
       VALUES ('acme', '4242', 'shopify', '#1042', 'delivered', now(), 'e:ann@example.com', 'ann@example.com', '{}'::jsonb, '[{"title":"Mug"}]'::jsonb, 'e1')`,
    );
    // Act
    const found = await (await post('/console/customers', { csrf, q: 'Ann@Example.com' }, session)).text();
    const order = await get('/console/orders/4242', session);
    // Assess
    expect(found).toMatch(/<a href="\/console\/orders\/4242">#1042<\/a>/);
    expect(found).not.toMatch(/href="[^"]*ann@example\.com/i);
    expect(order.status).toBe(200);
    expect(await order.text()).toContain('Mug');
  });

  it('shows an order’s whole journey with its reasons, and the email as sent in a frame that runs nothing and leads nowhere', async () => {
    // Prepare: an order delivered through the orders function, then dispatch past its feedback request's day
    const { session, csrf } = await signIn(acmeKey, 'Sam Service');
    await changeSettings(app.context, 'acme', 'contact.quietHours=null');
    await deliverToOrdersFunction([lifecycleEvent('5151', 'delivered', '2026-11-01T09:00:00.000Z', { number: '#1151', customer: newCustomer({ email: 'cleo@example.com' }) })]);
    await runDispatch(app.context, new Date('2026-11-05T12:00:00.000Z'));
    const [feedbackAsk] = (await app.context.outreach.forOrder('acme', '5151')).filter((ask) => ask.kind === 'feedback_request');
    const email = await emailInOutbox(app.context, feedbackAsk!);
    const handle = new URL(feedbackLinkIn(email.html)).pathname.split('/')[2] ?? '';
    // Act
    const order = await (await get('/console/orders/5151', session)).text();
    const customerPath = /href="(\/console\/customers\/[^"]+)"/.exec(order)?.[1] ?? '';
    const customer = await get(customerPath, session);
    const found = await (await post('/console/customers', { csrf, q: 'cleo@example.com' }, session)).text();
    // Assess: every ask with its state and reason, by the clock that did the work
    // (planned when the orders function ran, on the wall clock; sent when the dispatch ran, at its --now)
    expect(order).toMatch(/<tr data-entry="ask" data-ask="feedback_request"><td>[\d-]+ [\d:]+<\/td><td>#1151 · feedback_request<\/td><td>planned<\/td><td>planned from the journey trigger<\/td>/);
    expect(order).toMatch(/<tr data-entry="ask" data-ask="feedback_request"><td>2026-11-05 12:00<\/td><td>#1151 · feedback_request<\/td><td>sent<\/td>/);
    expect(order).toMatch(/<tr data-entry="order_event"><td>2026-11-01 09:00<\/td><td>#1151 · order delivered<\/td>/);
    // the email as sent, framed with an empty sandbox, with nothing that leads anywhere or calls out
    const srcdoc = /<iframe class="email" sandbox="" referrerpolicy="no-referrer"[^>]* srcdoc="([^"]*)"/.exec(order)?.[1] ?? '';
    expect(srcdoc).toContain(escapeHtml('<html lang="en">'));
    expect(srcdoc).toContain('Ada');
    expect(srcdoc).not.toMatch(/href|src=/i);
    expect(handle.length).toBeGreaterThan(10);
    expect(order).not.toContain(handle);
    expect(order).not.toContain('cleo@example.com');
    // the customer's own timeline, by an opaque id, reached from the order and from an email search
    expect(customerPath).toMatch(/^\/console\/customers\/[A-Za-z0-9_-]+$/);
    expect(customer.status).toBe(200);
    const customerText = await customer.text();
    expect(customerText).toContain('<a href="/console/orders/5151">#1151</a>');
    expect(customerText).toContain('data-ask="feedback_request"');
    expect(customerText).not.toContain('cleo@example.com');
    expect(found).toContain(`href="${customerPath}"`);
  });

  it('speaks French to a French browser', async () => {
    const page = await (await get('/console/sign-in', '', { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' })).text();
    expect(page).toMatch(/<html lang="fr">/);
    expect(page).toContain('Connexion');
  });

  it('speaks German to a German browser and Spanish to a Spanish one', async () => {
    // Act
    const german = await (await get('/console/sign-in', '', { 'accept-language': 'de-AT,de;q=0.9,en;q=0.5' })).text();
    const spanish = await (await get('/console/sign-in', '', { 'accept-language': 'es-MX,es;q=0.9' })).text();
    // Assess
    expect(german).toMatch(/<html lang="de">/);
    expect(german).toContain('API-Schlüssel des Shops');
    expect(spanish).toMatch(/<html lang="es">/);
    expect(spanish).toContain('Clave API de la tienda');
  });

  it('is signed out everywhere by `tenant sessions revoke`', async () => {
    // Prepare
    const { session } = await signIn(acmeKey, 'Dana Owner');
    expect((await get('/console', session)).status).toBe(200);
    // Act
    const io = bufferedIo();
    await runStoreCommand(['tenant', 'sessions', 'revoke', 'acme'], app.context, io);
    // Assess
    expect(JSON.parse(io.stdout[0] ?? '{}')).toMatchObject({ tenantId: 'acme' });
    expect(JSON.parse(io.stdout[0] ?? '{}').revoked).toBeGreaterThanOrEqual(1);
    const after = await get('/console', session);
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/console/sign-in');
  });

  it('slows down repeated failed sign-ins from one source, even for the right key afterwards, with a bounded store', async () => {
    // Act: failures until the limiter answers
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) statuses.push((await signIn('ag_wrong_key', 'Mallory')).reply.status);
    const rightKeyMeanwhile = await signIn(acmeKey, 'Dana Owner');
    const rows = await app.context.db.query<{ n: string }>('SELECT count(*)::text AS n FROM console_sign_in_failures');
    // Assess
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(rightKeyMeanwhile.reply.status).toBe(429);
    expect(rightKeyMeanwhile.reply.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Number(rows[0]?.n)).toBeLessThanOrEqual(2);
  });
});
