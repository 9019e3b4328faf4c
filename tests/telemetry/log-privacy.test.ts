import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as dispatch } from '../../functions/dispatch.ts';
import { captureLogs, type CapturedLogs } from '../support/captured-logs.ts';
import { feedbackLinkIn, postForm } from '../support/feedback-journey.ts';
import { startFakeSlack, startFakeZendesk, type FakeSlack, type FakeZendesk } from '../support/fake-helpdesk.ts';
import { startFakePostmark, type FakePostmark } from '../support/fake-postmark.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyFixtureOf } from '../support/shared.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';
import { QUICK_RETRIES, setTenantSettings } from '../support/test-context.ts';

const SECRET = 'shpss_privacy';
const ORDER_ID = '1073459972';

/** Unique values in every personal field: none of them may ever reach a log line. */
const CANARY = {
  email: 'zephyrine.canary.q7x@example.org',
  phone: '+447700900417',
  firstName: 'Zephyrinecanary',
  lastName: 'Quillfeathercanary',
  address: '77 Xylocarp Canary Lane',
  postcode: 'QX7 7ZQ',
  comment: 'The parcel arrived crushed and the vase inside was broken; xylocarpcanary was my gift.',
} as const;

const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
/** International (E.164) and UK-style national spellings of a phone number. */
const PHONE_PATTERN = /\+\d{8,15}\b|\b0\d{3,4}[\s-]?\d{3}[\s-]?\d{3,4}\b/;
/** A customer link's path: the feedback, unsubscribe, consent and review-redirect routes with their handle. */
const LINK_PATTERN = /\/(f|u|c|go)\/[A-Za-z0-9_~.%-]{8,}/;

/** The Shopify fixture with the canary customer in every personal field the normaliser reads. */
const canaryOrderBody = (): Buffer =>
  Buffer.from(
    shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', 'acme.myshopify.com')
      .toString('utf8')
      .replaceAll('"foo@example.com"', JSON.stringify(CANARY.email))
      .replaceAll('"first_name": null', `"first_name": ${JSON.stringify(CANARY.firstName)}`)
      .replaceAll('"last_name": null', `"last_name": ${JSON.stringify(CANARY.lastName)}`)
      .replaceAll('"phone": null', `"phone": ${JSON.stringify(CANARY.phone)}`)
      .replace(
        '"billing_address": null,',
        `"billing_address": ${JSON.stringify({ first_name: CANARY.firstName, last_name: CANARY.lastName })}, "shipping_address": ${JSON.stringify({ address1: CANARY.address, zip: CANARY.postcode, country_code: 'GB' })},`,
      ),
    'utf8',
  );

/**
 * A whole journey through `npm start`'s runtime (every route and consumer, the same handlers Lambda
 * runs) with both loggers writing every line at debug level — Powertools' as on Lambda and the local
 * JSON one: a signed order webhook, the orders function, dispatch sending the feedback request
 * through Postmark, an unhappy answer on the feedback page, the feedback function, the recovery
 * case with its Zendesk ticket and Slack alert. No line may hold a personal value or a link handle.
 */
describe('no personal data in any log line, a whole journey long', () => {
  let database: TestDatabase;
  let postmark: FakePostmark;
  let zendesk: FakeZendesk;
  let slack: FakeSlack;
  let app: TestApp;
  let logs: CapturedLogs;

  beforeAll(async () => {
    [database, postmark, zendesk, slack] = await Promise.all([createTestDatabase('log_privacy'), startFakePostmark(), startFakeZendesk(), startFakeSlack()]);
    logs = captureLogs();
    app = await startTestApp({ DATABASE_URL: database.url, LOG_LEVEL: 'debug' }, { runSchedules: false, overrides: { logger: logs.both, retryPolicy: QUICK_RETRIES } });
    await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: SECRET, shopDomain: 'acme.myshopify.com' });
    await setTenantSettings(app.context, 'acme', [
      'shopName=Acme',
      'contact.quietHours=null',
      'consent.mode=all_customers',
      'journey.trigger=fulfilled',
      'journey.feedbackDelayDays=0',
      'email.provider=postmark',
      `email.baseUrl="${postmark.url}"`,
      `email.apiKey="${postmark.serverToken}"`,
      'email.from="hello@acme.example"',
      ...zendesk.settings,
      `recovery.slack.webhookUrl=${slack.webhookUrl}`,
    ]);
    await app.consumersReady;
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([postmark?.close(), zendesk?.close(), slack?.close()]);
    await database?.drop();
  });

  it('webhook → orders → feedback request → unhappy answer → recovery case → Zendesk and Slack: no canary, address, phone or link in the log', async () => {
    // Prepare
    const body = canaryOrderBody();
    const linesBefore = logs.lines.length;
    // Act
    const accepted = await app.post('/webhooks/shopify/acme', body, shopifyHeaders(body, SECRET, { topic: 'orders/fulfilled', eventId: 'privacy-delivery-1', shopDomain: 'acme.myshopify.com' }));
    await waitFor(async () => (await app.context.outreach.forOrder('acme', ORDER_ID)).length > 0, { what: 'the feedback request planned' });
    await dispatch();
    const [email] = postmark.emails();
    const link = feedbackLinkIn(email?.HtmlBody ?? '');
    const answered = await postForm(link, { score: '1', comment: CANARY.comment });
    const [recoveryCase] = await waitFor(async () => {
      const cases = await app.context.recoveryCases.list('acme');
      const handled = logs.lines.some((line) => line.includes('recovery signal handled'));
      return handled && cases.length > 0 && zendesk.tickets.length > 0 && slack.alerts().length > 0 && cases;
    }, { what: 'the recovery case, its ticket and its alert, and the recovery function done' });
    // Assess: the journey ran, through real providers, with the canaries where they belong
    expect(accepted.status).toBe(202);
    expect(email?.To).toContain(CANARY.email);
    expect(answered.status).toBe(200);
    expect(recoveryCase?.customer.email).toBe(CANARY.email);
    expect(zendesk.tickets[0]?.body).toContain('vase inside was broken');
    // Assess: both loggers wrote every step
    const lines = logs.lines.slice(linesBefore);
    const log = lines.join('\n');
    for (const step of ['order event accepted', 'provider call', 'recovery signal raised from feedback', 'recovery ticket opened', 'recovery signal handled']) {
      expect(log, step).toContain(step);
    }
    expect(lines.some((line) => line.includes('"message":'))).toBe(true); // Powertools
    expect(lines.some((line) => line.includes('"msg":'))).toBe(true); // lib/logger.ts
    // Assess: nothing personal, by value and by shape
    const handle = new URL(link).pathname.split('/')[2] as string;
    const canaries = [...Object.values(CANARY), CANARY.phone.slice(1), 'xylocarpcanary', 'vase inside', handle, decodeURIComponent(handle)];
    for (const [index, line] of lines.entries()) {
      for (const canary of canaries) expect(line.toLowerCase(), `line ${index} holds ${canary}: ${line}`).not.toContain(canary.toLowerCase());
      expect(line, `line ${index} holds an email address`).not.toMatch(EMAIL_PATTERN);
      expect(line, `line ${index} holds a phone number`).not.toMatch(PHONE_PATTERN);
      expect(line, `line ${index} holds a customer link`).not.toMatch(LINK_PATTERN);
      // …nor the secrets the providers were called with
      for (const secret of [postmark.serverToken, zendesk.apiToken]) expect(line, `line ${index} holds a secret`).not.toContain(secret);
    }
  });
});
