import axios from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { useAppContext, type AppContext } from '../../lib/runtime/app-context.ts';
import { createAppContext } from '../../lib/runtime/app-context.ts';
import { loadConfig } from '../../lib/runtime/config.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import { startFakeMessaging, type FakeMessaging } from '../support/fake-messaging.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

/**
 * Dispatch through the real provider adapters (axios) to a local server speaking Postmark's,
 * SendGrid's and Twilio's request and response shapes, failing on cue.
 */
describe('providers', () => {
  let database: TestDatabase;
  let context: AppContext;
  let fake: FakeMessaging;
  let orders = 0;
  const newOrder = () => `77${String((orders += 1)).padStart(10, '0')}`;

  const tenantWith = async (id: string, ...assignments: string[]) => {
    await createTenant({ id, platform: 'shopify', webhookSecret: 'secret' }, { tenants: context.tenants });
    await changeTenantSettings(id, ['shopName="Acme"', 'contact.quietHours=null', 'consent.mode=all_customers', ...assignments], 'test', { tenants: context.tenants, outbound: context.outbound });
  };
  /** One order of a new customer, delivered on 1 November: its ask is due on the 4th. */
  const orderDelivered = async (tenantId: string, customer: { email?: string | null; phone?: string | null; smsConsent?: boolean | null } = {}) => {
    const id = newOrder();
    const event = lifecycleEvent(id, 'delivered', '2026-11-01T09:00:00.000Z', {
      customer: {
        key: `c:${id}`,
        id,
        email: customer.email === undefined ? `buyer${id}@example.com` : customer.email,
        phone: customer.phone ?? null,
        smsConsent: customer.smsConsent ?? null,
      },
    });
    await deliverToOrdersFunction([{ ...event, tenantId }]);
    const [ask] = await context.outreach.forOrder(tenantId, id);
    return ask?.id ?? '';
  };
  const dispatchAt = (iso: string) => runDispatch(context, new Date(iso));

  beforeAll(async () => {
    [database, fake] = await Promise.all([createTestDatabase('providers'), startFakeMessaging()]);
    context = await createAppContext(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', AFTERGLOW_ALLOW_PRIVATE_OUTBOUND: 'true' }), {
      http: axios.create({ timeout: 400 }),
      retryPolicy: { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 20 },
    });
    useAppContext(context);
    await tenantWith('pm', 'email.provider=postmark', `email.baseUrl="${fake.url}"`, 'email.apiKey="pm-server-token"', 'email.from="hello@acme.example"');
    await tenantWith('sg', 'email.provider=sendgrid', `email.baseUrl="${fake.url}"`, 'email.apiKey="SG.key"', 'email.from="hello@acme.example"');
    await tenantWith('tw', 'sms.provider=twilio', `sms.baseUrl="${fake.url}"`, 'sms.accountSid="AC123"', 'sms.authToken="tw-token"', 'sms.from="+15005550006"');
    await tenantWith('nofrom', 'email.provider=postmark', `email.baseUrl="${fake.url}"`, 'email.apiKey="pm-server-token"');
  });
  afterAll(async () => {
    useAppContext(null);
    await context?.close();
    await Promise.all([fake?.close(), database?.drop()]);
  });
  beforeEach(async () => {
    await context.db.query(`UPDATE outreach SET state = 'withdrawn' WHERE state = 'scheduled'`);
    fake.requests.length = 0;
  });

  it('Postmark: a 500 and a timeout are retried; one email goes, every attempt is recorded', async () => {
    // Prepare
    const askId = await orderDelivered('pm');
    fake.failNext(1, { status: 500, body: { ErrorCode: 500, Message: 'Internal' } });
    fake.failNext(1, { status: 200, delayMs: 800 });
    // Act
    const summary = await dispatchAt('2026-11-04T10:00:00.000Z');
    // Assess
    expect(summary).toMatchObject({ sent: 1, failed: 0 });
    const [email] = fake.delivered().slice(-1);
    expect(email?.request.headers['x-postmark-server-token']).toBe('pm-server-token');
    expect(email?.body).toMatchObject({ From: 'hello@acme.example', Subject: 'How was your order from Acme?', MessageStream: 'outbound', Metadata: { reference: askId } });
    expect(email?.body.Headers).toContainEqual({ Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' });
    expect(email?.body.HtmlBody).toContain('/f/');
    const attempts = await context.outreach.attempts(askId);
    expect(attempts.map((attempt) => [attempt.callAttempt, attempt.status, attempt.ok])).toEqual([
      [1, 500, false],
      [2, null, false],
      [3, 200, true],
    ]);
    expect(await context.outreach.find(askId)).toMatchObject({ state: 'sent', provider: 'postmark', providerMessageId: expect.stringMatching(/^pm-/) });
    // A second run sends nothing again.
    await dispatchAt('2026-11-04T10:05:00.000Z');
    expect(fake.delivered().filter((sent) => sent.body.Metadata?.reference === askId)).toHaveLength(3);
  });

  it('SendGrid v3: the documented body; the id from X-Message-Id', async () => {
    const askId = await orderDelivered('sg');
    await dispatchAt('2026-11-04T10:00:00.000Z');
    const [email] = fake.delivered();
    expect(email?.request.headers.authorization).toBe('Bearer SG.key');
    expect(email?.body).toMatchObject({
      personalizations: [{ to: [{ email: expect.stringMatching(/@example\.com$/) }] }],
      from: { email: 'hello@acme.example' },
      subject: 'How was your order from Acme?',
      custom_args: { reference: askId },
    });
    expect(email?.body.content.map((part: { type: string }) => part.type)).toEqual(['text/plain', 'text/html']);
    expect(await context.outreach.find(askId)).toMatchObject({ state: 'sent', providerMessageId: expect.stringMatching(/^sg-/) });
  });

  it('Twilio: a customer without email gets an SMS, form-encoded with basic auth, only with SMS consent', async () => {
    // Prepare: one customer whose platform reports SMS consent, one whose platform says nothing
    const askId = await orderDelivered('tw', { email: null, phone: '+447700900123', smsConsent: true });
    const withoutConsent = await orderDelivered('tw', { email: null, phone: '+447700900124' });
    // Act
    await dispatchAt('2026-11-04T10:00:00.000Z');
    // Assess
    expect(fake.delivered()).toHaveLength(1);
    expect(await context.outreach.find(withoutConsent)).toMatchObject({ state: 'skipped', outcomeCause: 'consent', outcomeReason: expect.stringContaining('SMS consent') });
    const [sms] = fake.delivered();
    expect(sms?.request.path).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(sms?.request.headers.authorization).toBe(`Basic ${Buffer.from('AC123:tw-token').toString('base64')}`);
    expect(sms?.body).toMatchObject({ To: '+447700900123', From: '+15005550006' });
    expect(sms?.body.Body).toMatch(/^Acme: how was your order #\d+\? Tell us in a minute: http\S+\/f\/\S+ Reply STOP to opt out\.$/);
    expect(await context.outreach.find(askId)).toMatchObject({ state: 'sent', channel: 'sms', providerMessageId: expect.stringMatching(/^SM/) });
  });

  it('a provider that stays down: retried later with backoff, then sent; nothing twice, nothing dropped', async () => {
    // Prepare
    const askId = await orderDelivered('pm');
    fake.failNext(3, { status: 503, body: { Message: 'down for maintenance' } });
    // Act
    const first = await dispatchAt('2026-11-04T10:00:00.000Z');
    const tooSoon = await dispatchAt('2026-11-04T10:00:30.000Z');
    const later = await dispatchAt('2026-11-04T10:01:00.000Z');
    // Assess
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    expect(tooSoon).toMatchObject({ sent: 0, failed: 0 });
    expect(later).toMatchObject({ sent: 1 });
    const attempts = await context.outreach.attempts(askId);
    expect(attempts.map((attempt) => [attempt.sendAttempt, attempt.status])).toEqual([
      [1, 503],
      [1, 503],
      [1, 503],
      [2, 200],
    ]);
    expect(fake.delivered()).toHaveLength(4);
  });

  it('a refusal (422) is not retried; the ask ends failed with the provider’s words', async () => {
    const askId = await orderDelivered('pm');
    fake.failNext(1, { status: 422, body: { ErrorCode: 300, Message: 'Invalid email request' } });
    expect(await dispatchAt('2026-11-04T10:00:00.000Z')).toMatchObject({ failed: 1 });
    expect(await context.outreach.find(askId)).toMatchObject({ state: 'failed', outcomeReason: expect.stringContaining('Invalid email request') });
    expect(await dispatchAt('2026-11-05T10:00:00.000Z')).toMatchObject({ sent: 0, failed: 0 });
    expect(fake.delivered()).toHaveLength(1);
  });

  it('a provider set up without a sender address fails clearly, without calling it', async () => {
    const askId = await orderDelivered('nofrom');
    expect(await dispatchAt('2026-11-04T10:00:00.000Z')).toMatchObject({ failed: 1 });
    expect(await context.outreach.find(askId)).toMatchObject({ state: 'failed', outcomeReason: expect.stringContaining('email.from is not set') });
    expect(fake.requests).toHaveLength(0);
  });
});
