import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { changeSettings, deliverAndDispatch, emailInOutbox, newCustomer, tamperedLink, unsubscribeLinkOf } from '../support/feedback-journey.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { twilioSignature } from '../support/sign.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Leaving: the unsubscribe link of an email (the page's button and a mailbox provider's RFC 8058
 * one-click POST) and SMS STOP / START as Twilio delivers them, each followed by the next dispatch.
 */
describe('unsubscribe and SMS STOP / START', () => {
  let database: TestDatabase;
  let app: TestApp;
  let orders = 0;
  const AUTH_TOKEN = 'twilio-auth-token-acme';
  const DAY_MS = 86_400_000;
  const nextOrderId = () => `6${String((orders += 1)).padStart(18, '0')}`;

  const suppressionOf = async (channel: 'email' | 'sms', address: string) =>
    (
      await app.context.db.query<{ suppressed: boolean; reason: string }>(
        'SELECT suppressed, reason FROM suppressions WHERE tenant_id = $1 AND channel = $2 AND address = $3',
        ['acme', channel, address],
      )
    )[0] ?? null;
  /** A later order of the same customer, due now, and the dispatch run that decides about it. */
  const nextOrderDispatched = async (customer: ReturnType<typeof newCustomer>) => {
    const orderId = nextOrderId();
    const now = new Date();
    await deliverToOrdersFunction([lifecycleEvent(orderId, 'delivered', new Date(now.getTime() - 7 * DAY_MS).toISOString(), { customer })]);
    const summary = await runDispatch(app.context, now);
    const [ask] = await app.context.outreach.forOrder('acme', orderId);
    return { summary, ask };
  };
  /** An inbound SMS as Twilio posts it to the webhook configured in its console. */
  const inboundSms = async (tenantId: string, fields: { From: string; Body: string }, sign: (url: string, params: Record<string, string>) => string) => {
    const params = {
      ToCountry: 'US',
      ToState: 'CA',
      SmsMessageSid: 'SM0f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f',
      NumMedia: '0',
      SmsSid: 'SM0f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f',
      SmsStatus: 'received',
      To: '+14155550199',
      NumSegments: '1',
      MessageSid: 'SM0f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f',
      AccountSid: 'AC00000000000000000000000000000000',
      ApiVersion: '2010-04-01',
      ...fields,
    };
    const path = `/webhooks/sms/${tenantId}`;
    // Twilio signs the URL it was told to call: the public base URL, not the socket it reached.
    const signature = sign(`${app.context.config.publicBaseUrl}${path}`, params);
    const response = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
  };
  const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
  const signedByTwilio = (url: string, params: Record<string, string>) => twilioSignature(AUTH_TOKEN, url, params);

  beforeAll(async () => {
    database = await createTestDatabase('unsubscribe');
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' });
    // SMS go to the outbox; the auth token is what Twilio signs inbound messages with.
    await changeSettings(app.context, 'acme', 'shopName=Acme', 'contact.quietHours=null', 'feedback.locales=["en","fr"]', `sms.authToken=${AUTH_TOKEN}`);
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  describe('email unsubscribe link', () => {
    it('GET shows a confirmation and changes nothing', async () => {
      // Prepare
      const customer = newCustomer();
      const email = await emailInOutbox(app.context, await deliverAndDispatch(app.context, { orderId: nextOrderId(), customer }));
      const link = unsubscribeLinkOf(email);
      // Act
      const page = await fetch(link);
      const html = await page.text();
      // Assess
      expect(page.status).toBe(200);
      expect(html).toContain(`Stop messages from Acme to ${customer.email}?`);
      expect(html).toContain('<form method="post">');
      expect(await suppressionOf('email', customer.email!)).toBeNull();
    });

    it('an RFC 8058 one-click POST unsubscribes the address; the next dispatch skips the customer, saying why', async () => {
      // Prepare: the List-Unsubscribe header of the email, as the mailbox provider reads it
      const customer = newCustomer({ email: 'Leaving.Soon@Example.com' });
      const email = await emailInOutbox(app.context, await deliverAndDispatch(app.context, { orderId: nextOrderId(), customer }));
      expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      const link = unsubscribeLinkOf(email);
      // Act: the provider's POST (no cookies, no page), then a later order of the same customer
      const reply = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      const { summary, ask } = await nextOrderDispatched(customer);
      // Assess
      expect(reply.status).toBe(200);
      expect(await reply.text()).toContain('You are unsubscribed');
      expect(await suppressionOf('email', 'leaving.soon@example.com')).toEqual({ suppressed: true, reason: 'unsubscribed by link' });
      expect(summary).toMatchObject({ sent: 0, skipped: 1 });
      expect(ask).toMatchObject({ state: 'skipped', outcomeReason: 'the customer unsubscribed from email' });
    });

    it('a customer emailed in French gets the confirmation in French, whatever the browser says', async () => {
      // Prepare
      const customer = newCustomer({ locale: 'fr-FR' });
      const email = await emailInOutbox(app.context, await deliverAndDispatch(app.context, { orderId: nextOrderId(), customer }));
      // Act
      const page = await fetch(unsubscribeLinkOf(email), { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      const html = await page.text();
      // Assess
      expect(email.text).toContain('Se désabonner');
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain(`Ne plus recevoir de messages de Acme à l’adresse ${customer.email} ?`);
    });

    it('a tampered unsubscribe link → 400 page, nothing unsubscribed', async () => {
      const customer = newCustomer();
      const email = await emailInOutbox(app.context, await deliverAndDispatch(app.context, { orderId: nextOrderId(), customer }));
      const link = tamperedLink(unsubscribeLinkOf(email));
      const reply = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(reply.status).toBe(400);
      expect(await reply.text()).toContain('This link is not valid');
      expect(await suppressionOf('email', customer.email!)).toBeNull();
    });
  });

  describe('SMS STOP and START from Twilio', () => {
    // A phone-only customer whose platform reports SMS consent (SMS goes only with it).
    const phoneOnly = (phone: string) => newCustomer({ email: null, phone, smsConsent: true });

    it('STOP with a valid signature opts the number out of SMS; the next dispatch skips the customer, saying why', async () => {
      // Prepare
      const customer = phoneOnly('+1 (415) 555-0100');
      // Act
      const reply = await inboundSms('acme', { From: '+14155550100', Body: 'STOP' }, signedByTwilio);
      const { ask } = await nextOrderDispatched(customer);
      // Assess: empty TwiML (Twilio's own opt-out handling answers the customer)
      expect(reply).toEqual({ status: 200, contentType: 'text/xml; charset=utf-8', body: EMPTY_TWIML });
      expect(await suppressionOf('sms', '+14155550100')).toEqual({ suppressed: true, reason: 'SMS STOP' });
      expect(ask).toMatchObject({ state: 'skipped', outcomeReason: 'the customer opted out of SMS (STOP)' });
    });

    it('a wrong signature → 401 and nothing changes', async () => {
      // Prepare: a number that is opted in, and one that opted out
      await inboundSms('acme', { From: '+14155550111', Body: 'STOP' }, signedByTwilio);
      const before = await suppressionOf('sms', '+14155550111');
      // Act: a STOP signed with another token, a START whose body was changed after signing
      const forged = await inboundSms('acme', { From: '+14155550112', Body: 'STOP' }, (url, params) => twilioSignature('someone-elses-token', url, params));
      const altered = await inboundSms('acme', { From: '+14155550111', Body: 'START' }, (url, params) => signedByTwilio(url, { ...params, Body: 'HELLO' }));
      const wrongUrl = await inboundSms('acme', { From: '+14155550111', Body: 'START' }, (url, params) => signedByTwilio(url.replace('/acme', '/other'), params));
      // Assess
      expect([forged.status, altered.status, wrongUrl.status]).toEqual([401, 401, 401]);
      expect(JSON.parse(forged.body).error).toMatch(/X-Twilio-Signature/);
      expect(await suppressionOf('sms', '+14155550112')).toBeNull();
      expect(await suppressionOf('sms', '+14155550111')).toEqual(before);
    });

    it('START lifts the opt-out: the next ask goes by SMS again', async () => {
      // Prepare
      const customer = phoneOnly('+14155550122');
      await inboundSms('acme', { From: '+14155550122', Body: 'stop' }, signedByTwilio);
      // Act
      const reply = await inboundSms('acme', { From: '+14155550122', Body: 'Start' }, signedByTwilio);
      const { ask } = await nextOrderDispatched(customer);
      // Assess
      expect(reply.status).toBe(200);
      expect(await suppressionOf('sms', '+14155550122')).toEqual({ suppressed: false, reason: 'SMS START' });
      expect(ask).toMatchObject({ state: 'sent', channel: 'sms', recipient: '+14155550122' });
    });

    it('an unknown tenant → 404', async () => {
      const reply = await inboundSms('nobody', { From: '+14155550133', Body: 'STOP' }, signedByTwilio);
      expect(reply.status).toBe(404);
      expect(JSON.parse(reply.body).error).toBe('no tenant nobody');
    });
  });
});
