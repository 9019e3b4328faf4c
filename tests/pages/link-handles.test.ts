import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLegacyLink } from '../../lib/links/legacy-link-token.ts';
import type { LinkClaims } from '../../lib/links/link-claims.ts';
import { deliverAndDispatch, emailInOutbox, linksIn, newCustomer, unsubscribeLinkOf } from '../support/feedback-journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { changeSettings } from '../support/feedback-journey.ts';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Every way someone who sees a URL might read it: as is, percent-decoded, base64 or base64url decoded, piece by piece. */
const readings = (url: string): string[] => {
  const path = new URL(url).pathname;
  const pieces = path.split(/[/.]/).filter(Boolean);
  return [url, decodeURIComponent(url), ...pieces.flatMap((piece) => [Buffer.from(piece, 'base64url').toString('latin1'), Buffer.from(piece, 'base64').toString('latin1')])];
};

/** The links of a message as a customer gets them, and what is behind one: new ones are opaque handles. */
describe('customer links: opaque handles, one spelling, old links honoured as promised', () => {
  let database: TestDatabase;
  let app: TestApp;
  let orders = 0;
  const nextOrderId = () => `7${String((orders += 1)).padStart(18, '0')}`;
  const SECRET = 'shpss_links';

  const get = (url: string) => fetch(url, { redirect: 'manual' });
  const oneClick = (url: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  const suppressed = async (address: string) =>
    (await app.context.db.query('SELECT 1 FROM suppressions WHERE tenant_id = $1 AND address = $2 AND suppressed', ['acme', address])).length > 0;
  const legacy = (claims: Omit<LinkClaims, 'tenantId'>) => signLegacyLink({ tenantId: 'acme', ...claims }, app.context.signingKey);
  const route = (path: string) => `${app.url}${path}`;

  beforeAll(async () => {
    database = await createTestDatabase('links');
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: SECRET, shopDomain: 'acme.myshopify.com' });
    await changeSettings(app.context, 'acme', 'shopName=Acme', 'contact.quietHours=null');
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('no email, phone or name can be read from any link a message carries', async () => {
    // Prepare
    const customer = newCustomer({ email: 'ada.lovelace@example.com', phone: '+447700900123', firstName: 'Ada', lastName: 'Lovelace' });
    // Act
    const email = await emailInOutbox(app.context, await deliverAndDispatch(app.context, { orderId: nextOrderId(), customer }));
    // Assess
    const urls = [...linksIn(email.html), unsubscribeLinkOf(email), ...(email.text.match(/https?:\/\/\S+/g) ?? [])];
    expect(urls.length).toBeGreaterThan(3);
    for (const url of urls) {
      expect(new URL(url).pathname).toMatch(/^\/(f|u|c|go)\/[A-Za-z0-9_-]{22}$/);
      for (const reading of readings(url)) {
        for (const secret of ['ada.lovelace', 'example.com', '7700900123', 'Lovelace', customer.key as string, 'acme']) {
          expect(reading.toLowerCase(), `${url} reveals ${secret}`).not.toContain(secret.toLowerCase());
        }
      }
    }
  });

  it('an altered handle is refused: another character, a sibling spelling of the last one, padding, a case change, anything appended', async () => {
    // Prepare
    const email = await emailInOutbox(app.context, await deliverAndDispatch(app.context, { orderId: nextOrderId() }));
    const link = unsubscribeLinkOf(email);
    const handle = new URL(link).pathname.split('/')[2] as string;
    const base = link.slice(0, -handle.length);
    const last = handle.at(-1) as string;
    const siblings = [...BASE64URL].filter((char) => char !== last && Buffer.from(`${handle.slice(0, -1)}${char}`, 'base64url').equals(Buffer.from(handle, 'base64url')));
    const altered = [
      ...siblings.map((char) => `${handle.slice(0, -1)}${char}`),
      `${handle.slice(0, 5)}${handle[5] === 'A' ? 'B' : 'A'}${handle.slice(6)}`,
      `${handle}=`,
      `${handle}%3D`,
      handle.toUpperCase() === handle ? handle.toLowerCase() : handle.toUpperCase(),
      `${handle}A`,
      handle.slice(0, -1),
      // standard base64's spelling, its '/' escaped so the path keeps one segment
      handle.replaceAll('-', '+').replaceAll('_', '%2F'),
    ].filter((spelling) => spelling !== handle);
    // Act
    const replies = await Promise.all(altered.map(async (spelling) => ({ spelling, status: (await oneClick(`${base}${spelling}`)).status })));
    // Assess: each refused with the polite page, nobody unsubscribed; the genuine link still works
    for (const reply of replies) expect(reply.status, reply.spelling).toBe(400);
    expect(await suppressed(email.to)).toBe(false);
    expect((await oneClick(link)).status).toBe(200);
    expect(await suppressed(email.to)).toBe(true);
  });

  it('a handle is for its own route only', async () => {
    // Prepare
    const email = await emailInOutbox(app.context, await deliverAndDispatch(app.context, { orderId: nextOrderId() }));
    const handle = new URL(unsubscribeLinkOf(email)).pathname.split('/')[2] as string;
    // Act
    const asFeedback = await get(route(`/f/${handle}`));
    // Assess
    expect(asFeedback.status).toBe(400);
  });

  it('unsubscribe links sent before handles keep working, with no expiry, in their one spelling', async () => {
    // Prepare: a link mailed years ago in the old format
    const address = 'old.subscriber@example.com';
    const token = legacy({ purpose: 'unsubscribe', orderId: null, customerKey: 'c:legacy-1', outreachId: null, channel: 'email', address, subject: null, expiresAt: null });
    const [body, mac] = token.split('.') as [string, string];
    const sibling = [...BASE64URL].find((char) => char !== mac.at(-1) && Buffer.from(`${mac.slice(0, -1)}${char}`, 'base64url').equals(Buffer.from(mac, 'base64url')));
    // Act
    const respelled = await Promise.all([`${body}.${mac.slice(0, -1)}${sibling}`, `${token}=`, `${body}=.${mac}`].map((spelling) => oneClick(route(`/u/${spelling}`))));
    const stillRespelledFree = await suppressed(address);
    const genuine = await oneClick(route(`/u/${token}`));
    // Assess
    for (const reply of respelled) expect(reply.status).toBe(400);
    expect(stillRespelledFree).toBe(false);
    expect(genuine.status).toBe(200);
    expect(await suppressed(address)).toBe(true);
  });

  it('feedback links sent before handles keep their expiry', async () => {
    // Prepare
    const email = await emailInOutbox(app.context, await deliverAndDispatch(app.context, { orderId: nextOrderId() }));
    const ask = (await app.context.outreach.forOrder('acme', `7${String(orders).padStart(18, '0')}`))[0];
    const claims = { purpose: 'feedback' as const, orderId: ask?.orderId ?? null, customerKey: ask?.customerKey ?? '', outreachId: ask?.id ?? null, channel: 'email' as const, address: email.to, subject: 'feedback_request' };
    const live = legacy({ ...claims, expiresAt: new Date(Date.now() + 86_400_000) });
    const expired = legacy({ ...claims, expiresAt: new Date(Date.now() - 1_000) });
    // Act
    const [livePage, expiredPage] = await Promise.all([get(route(`/f/${live}`)), get(route(`/f/${expired}`))]);
    // Assess
    expect(livePage.status).toBe(200);
    expect(expiredPage.status).toBe(410);
  });

  it('customers/redact erases the customer\'s handles: their links stop working, their address is gone from the store', async () => {
    // Prepare
    const customer = newCustomer({ id: '99001', key: 'c:99001', email: 'erase.me@example.com' });
    const email = await emailInOutbox(app.context, await deliverAndDispatch(app.context, { orderId: nextOrderId(), customer }));
    const link = unsubscribeLinkOf(email);
    expect((await get(link)).status).toBe(200);
    const body = JSON.stringify({ shop_id: 1, shop_domain: 'acme.myshopify.com', customer: { id: 99001, email: 'erase.me@example.com', phone: null }, orders_to_redact: [] });
    // Act
    const erased = await app.post('/webhooks/shopify/acme', body, shopifyHeaders(body, SECRET, { topic: 'customers/redact', shopDomain: 'acme.myshopify.com' }));
    // Assess
    expect(erased.status).toBe(200);
    expect((await get(link)).status).toBe(400);
    expect(await app.context.db.query("SELECT 1 FROM link_handles WHERE customer_key = 'c:99001' OR address = 'erase.me@example.com'")).toEqual([]);
  });
});
