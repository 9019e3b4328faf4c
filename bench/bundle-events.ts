import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handler as consoleFunction } from '../functions/console.ts';
import { handler as recoveryFunction } from '../functions/recovery.ts';
import { newReferralCode } from '../lib/advocacy/referral-code.ts';
import { useAppContext, type AppContext } from '../lib/runtime/app-context.ts';
import { changeTenantSettings } from '../lib/tenants/change-tenant-settings.ts';
import { createTenant } from '../lib/tenants/create-tenant.ts';
import { deliverAndDispatch, emailInOutbox, feedbackLinkIn, newCustomer } from '../tests/support/feedback-journey.ts';
import { feedbackBatch, feedbackEventFactory } from '../tests/support/feedback-records.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../tests/support/journey.ts';
import { kafkaRecordFactory, orderEventFactory, savedSample, selfManagedKafkaEvent } from '../tests/support/kafka-records.ts';
import { httpApiEvent, scheduledEvent } from '../tests/support/lambda-events.ts';
import { recoverySignalFactory } from '../tests/support/recovery-signals.ts';
import { shopifyFixtureOf } from '../tests/support/shared.ts';
import { basicAuthorization, shopifyHeaders, twilioSignature, zendeskWebhookHeaders } from '../tests/support/sign.ts';
import { createTestContext } from '../tests/support/test-context.ts';
import { seedTestimonial } from '../tests/support/testimonials.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const DAY_MS = 86_400_000;

/** One function's first invocation: its event, and what its reply did, read back where that is cheap. */
export interface BundleInvocation {
  readonly label: string;
  readonly event: unknown;
  /** After the reply: its effect in words ("form shown", "ask sent"), or what is missing ("NO …"). */
  readonly effect?: (reply: Record<string, unknown> | null) => Promise<string>;
}

export interface BundleEvents {
  /** The event of `name`'s first invocation in round `round`, with whatever it needs set up first. */
  invocation(name: string, round: number): Promise<BundleInvocation>;
  close(): Promise<void>;
}

const TENANT = { id: 'acme', platform: 'shopify' as const, webhookSecret: 'bench-shop-secret', shopDomain: 'acme.myshopify.com' };
const SHOP_URL = 'https://acme.example';
const TRUSTPILOT = { username: 'afterglow', password: 'bench-trustpilot-password' };
const TWILIO = { authToken: 'bench-twilio-auth-token', accountSid: 'AC0123456789abcdef0123456789abcdef', number: '+15005550006' };
const ZENDESK_SECRET = 'bench-zendesk-webhook-signing-secret';
const TESTIMONIALS = 20;

const bodyOf = (reply: Record<string, unknown> | null): string => (typeof reply?.body === 'string' ? reply.body : '');
const jsonBodyOf = (reply: Record<string, unknown> | null): Record<string, unknown> => {
  try {
    return JSON.parse(bodyOf(reply)) as Record<string, unknown>;
  } catch {
    return {};
  }
};
const said = (holds: boolean, what: string) => (holds ? what : `NO ${what}`);

/** The cookie a reply sets, as `name=value` (payload 2.0 replies carry them in `cookies`). */
const cookieOf = (reply: { cookies?: string[]; headers?: Record<string, string> } | undefined, name: string): string => {
  const cookies = [...(reply?.cookies ?? []), ...(reply?.headers?.['set-cookie'] ? [reply.headers['set-cookie']] : [])];
  return cookies.find((cookie) => cookie.startsWith(`${name}=`))?.split(';')[0] ?? '';
};

/** A merchant signed in to the console through its own sign-in form (the CSRF cookie echoed), as a browser does: the session cookie. */
const signInToConsole = async (apiKey: string): Promise<string> => {
  const form = (await consoleFunction(httpApiEvent({ routeKey: 'GET /console/{proxy+}', path: '/console/sign-in', pathParameters: { proxy: 'sign-in' }, headers: { accept: 'text/html' } }))) as {
    body?: string;
    cookies?: string[];
  };
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.body ?? '')?.[1] ?? '';
  const body = new URLSearchParams({ csrf, apiKey, person: 'Bench Merchant' }).toString();
  const signedIn = (await consoleFunction(
    httpApiEvent({
      routeKey: 'POST /console/{proxy+}',
      path: '/console/sign-in',
      pathParameters: { proxy: 'sign-in' },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookies: [cookieOf(form, 'ag_console_signin')],
      body,
    }),
  )) as { cookies?: string[] };
  const session = cookieOf(signedIn, 'ag_console');
  if (!session) throw new Error('the console sign-in gave no session cookie');
  return session;
};

/** A case the recovery function opened from a RecoverySignal (the SQS sample, with this signal): its id. */
const openRecoveryCase = async (context: AppContext, round: number): Promise<string> => {
  const customerKey = `c:bench-helpdesk-${round}`;
  const signal = recoverySignalFactory({ signalId: `bench-helpdesk:${round}`, orderId: `bench-helpdesk-${round}`, customer: { key: customerKey } });
  const sample = savedSample('recovery-sqs.json') as { Records: Record<string, unknown>[] };
  const [record] = sample.Records;
  await recoveryFunction({ Records: [{ ...record, messageId: `bench-helpdesk-${round}`, body: JSON.stringify(signal) }] });
  const opened = (await context.recoveryCases.list('acme')).find((candidate) => candidate.customerKey === customerKey);
  if (!opened) throw new Error(`the recovery function opened no case for ${customerKey}`);
  return opened.id;
};

/** Trustpilot's documented service-review webhook body (tests/integration/review-webhook.test.ts), one new review. */
const trustpilotReview = (reviewId: string) =>
  JSON.stringify({
    events: [
      {
        eventName: 'service-review-created',
        version: '1',
        eventData: {
          id: reviewId,
          language: 'en',
          title: 'Great service',
          text: 'Nothing other than excellent customer service.',
          referenceId: 'ABC-123-xyz',
          stars: 5,
          createdAt: new Date().toISOString(),
          isVerified: true,
          locationId: '43f51215-a1fc-4c60-b6dd-e4afb6d7b831',
          link: `https://api.trustpilot.com/v1/reviews/${reviewId}`,
          consumer: { id: '53bffc3900006400017e5db8', name: 'Customer', link: 'https://api.trustpilot.com/v1/consumers/53bffc3900006400017e5db8' },
          tags: [],
        },
      },
    ],
  });

/** The parameters Twilio posts for an inbound SMS (its "TwiML webhook request" reference), from a number of this round's. */
const twilioInboundSms = (round: number, body: string): Record<string, string> => {
  const sid = `SM${String(round).padStart(32, '0')}`;
  return {
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: 'CA',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'US',
    To: TWILIO.number,
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: TWILIO.accountSid,
    From: `+1555${String(1_000_000 + round).slice(-7)}`,
    ApiVersion: '2010-04-01',
  };
};

/**
 * Everything each packaged function's real event needs, set up in the bench's database through the
 * product's own code: the tenant and its settings (as `afterglow tenant set` changes them), a
 * customer asked for feedback and emailed (the orders function and a dispatch run; the link read
 * from the email in the outbox), a referral code, approved testimonials, a console session signed
 * in through the sign-in form; and, before each round, what that round's invocation acts on (an
 * ask falling due, a recovery case for the Zendesk ticket). Webhooks are signed as their platforms
 * sign them. Every round's event is new (ids, reviews, senders), so no round replays another.
 */
export const prepareBundleEvents = async (env: { DATABASE_URL: string; PUBLIC_BASE_URL: string }): Promise<BundleEvents> => {
  const context = await createTestContext({ ...env, LOG_LEVEL: 'silent' });
  try {
    useAppContext(context);
    const { apiKey } = await createTenant(TENANT, { tenants: context.tenants, outbound: context.outbound });
    await changeTenantSettings(
      TENANT.id,
      [
        'shopName=Acme',
        `shopUrl=${SHOP_URL}`,
        // A shop that may message at any hour: the dispatch row sends whatever the time of day.
        'contact.quietHours=null',
        `reviewWebhooks.trustpilotUsername=${TRUSTPILOT.username}`,
        `reviewWebhooks.trustpilotPassword=${TRUSTPILOT.password}`,
        `sms.authToken=${TWILIO.authToken}`,
        `recovery.zendesk.webhookSecret=${ZENDESK_SECRET}`,
      ],
      'bench',
      { tenants: context.tenants, outbound: context.outbound },
    );
    for (let index = 0; index < TESTIMONIALS; index += 1) await seedTestimonial(context);
    const asked = await deliverAndDispatch(context, { orderId: 'bench-page', customer: newCustomer({ firstName: 'Ada' }) });
    const feedbackToken = new URL(feedbackLinkIn((await emailInOutbox(context, asked)).html)).pathname.split('/').at(-1) ?? '';
    const referralCode = await context.referrals.codeFor(
      { tenantId: TENANT.id, customerKey: asked.customerKey, email: null, fullName: 'Ada Lovelace', addressKey: null, feedbackId: null },
      () => newReferralCode('Ada'),
    );
    const session = await signInToConsole(apiKey);
    const shopifyOrder = shopifyFixtureOf('shopify_order_paid_fulfilled.order-resource.json', TENANT.shopDomain).toString('utf8');
    const bearer = { authorization: `Bearer ${apiKey}` };
    const http = (label: string, request: Parameters<typeof httpApiEvent>[0], effect?: BundleInvocation['effect']): BundleInvocation => ({
      label,
      event: httpApiEvent(request),
      ...(effect ? { effect } : {}),
    });

    const invocation = async (name: string, round: number): Promise<BundleInvocation> => {
      switch (name) {
        case 'api':
          return http('GET /api/orders, API key', { routeKey: 'GET /api/orders', path: '/api/orders', headers: bearer });
        case 'console':
          return http(
            'GET /console, signed in',
            { routeKey: 'GET /console', path: '/console', headers: { accept: 'text/html' }, cookies: [session] },
            async (reply) => said(bodyOf(reply).includes('name="csrf"'), 'signed-in page'),
          );
        case 'dispatch': {
          // An order delivered a week ago (past the 3-day delay): its feedback request falls due now.
          const orderId = `bench-dispatch-${round}`;
          await deliverToOrdersFunction([lifecycleEvent(orderId, 'delivered', new Date(Date.now() - 7 * DAY_MS).toISOString(), { customer: newCustomer() })]);
          return {
            label: 'EventBridge scheduled event, 1–2 asks due (a feedback request; the testimonial confirmation of `feedback` when it ran first)',
            event: scheduledEvent,
            effect: async () => said((await context.outreach.forOrder(TENANT.id, orderId)).some((ask) => ask.state === 'sent'), 'ask sent to the outbox'),
          };
        }
        case 'feedback': {
          // The sample answer (happy, quotable), about an order of the store's: delivered today, so its own ask is days away.
          const orderId = `bench-feedback-${round}`;
          const customer = { ...newCustomer(), firstName: 'Bob', lastName: 'Norman' };
          await deliverToOrdersFunction([lifecycleEvent(orderId, 'delivered', new Date().toISOString(), { customer })]);
          const feedbackId = `fb_bench_${round}`;
          const answer = feedbackEventFactory({
            feedbackId,
            orderId,
            customer: { key: customer.key ?? '', email: customer.email ?? null, phone: null, firstName: customer.firstName, lastName: customer.lastName },
          });
          return {
            label: 'Kafka batch: 1 FeedbackEvent (sample, about a stored order)',
            event: feedbackBatch([answer]),
            effect: async () => said((await context.testimonials.findByFeedback(TENANT.id, feedbackId)) !== null, 'testimonial kept'),
          };
        }
        case 'feedbackApi': {
          const body = JSON.stringify({ externalId: `bench-${round}`, score: 9, comment: 'Arrived quickly, works well.', customer: { email: 'bench@example.com' } });
          return http('POST /api/feedback, API key', { routeKey: 'POST /api/feedback', path: '/api/feedback', headers: { ...bearer, 'content-type': 'application/json' }, body });
        }
        case 'feedbackPage':
          return http(
            'GET /f/{token}, emailed link',
            { routeKey: 'GET /f/{token}', path: `/f/${feedbackToken}`, pathParameters: { token: feedbackToken }, headers: { accept: 'text/html', 'accept-language': 'en' } },
            async (reply) => said(bodyOf(reply).includes('How likely are you to recommend Acme'), 'form shown'),
          );
        case 'health':
          return http('GET /health', { routeKey: 'GET /health', path: '/health' });
        case 'helpdeskWebhook': {
          const caseId = await openRecoveryCase(context, round);
          const fixture = JSON.parse(readFileSync(resolve(REPO_ROOT, 'tests/fixtures/zendesk/ticket-solved.webhook.json'), 'utf8')) as Record<string, unknown>;
          const body = JSON.stringify({ ...fixture, ticket_id: String(5000 + round), external_id: caseId }, null, 2);
          return http(
            'POST Zendesk ticket solved, signed',
            { routeKey: 'POST /webhooks/helpdesk/zendesk/{tenantId}', path: '/webhooks/helpdesk/zendesk/acme', pathParameters: { tenantId: 'acme' }, headers: zendeskWebhookHeaders(body, ZENDESK_SECRET), body },
            async () => said((await context.recoveryCases.find(TENANT.id, caseId))?.state === 'resolved', 'case resolved'),
          );
        }
        case 'orders': {
          // Fulfilled now: its asks fall due days from now, not in this run's dispatch rows.
          const order = orderEventFactory({ orderId: `bench-${round}`, eventId: `shopify:orders/fulfilled:bench-${round}`, occurredAt: new Date().toISOString() });
          return { label: 'Kafka batch: 1 OrderEvent, fulfilled', event: selfManagedKafkaEvent([kafkaRecordFactory(order, { offset: 1_000 + round })]) };
        }
        case 'recovery': {
          const sample = savedSample('recovery-sqs.json') as { Records: Record<string, unknown>[] };
          return { label: 'SQS batch: 1 RecoverySignal (sample)', event: { Records: sample.Records.map((record) => ({ ...record, messageId: `bench-${round}-${String(record.messageId)}` })) } };
        }
        case 'redirects':
          return http(
            'GET /r/{code}, a referral code',
            { routeKey: 'GET /r/{code}', path: `/r/${referralCode}`, pathParameters: { code: referralCode }, headers: { accept: 'text/html' } },
            async (reply) => said(String((reply?.headers as Record<string, string> | undefined)?.location).startsWith(`${SHOP_URL}/?ref=`), 'to the shop with ref'),
          );
        case 'reviews': {
          const reviewId = `bench${String(round).padStart(20, '0')}`;
          const body = trustpilotReview(reviewId);
          return http(
            'POST Trustpilot review, Basic auth',
            { routeKey: 'POST /webhooks/reviews/{source}/{tenantId}', path: '/webhooks/reviews/trustpilot/acme', pathParameters: { source: 'trustpilot', tenantId: 'acme' }, headers: { 'content-type': 'application/json', ...basicAuthorization(TRUSTPILOT.username, TRUSTPILOT.password) }, body },
            async (reply) => said(JSON.stringify(jsonBodyOf(reply).reviews ?? []).includes(reviewId), 'review stored'),
          );
        }
        case 'smsInbound': {
          const path = '/webhooks/sms/acme';
          const params = twilioInboundSms(round, 'STOP');
          return http(
            'POST inbound SMS STOP, Twilio-signed',
            {
              routeKey: 'POST /webhooks/sms/{tenantId}',
              path,
              pathParameters: { tenantId: 'acme' },
              headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TWILIO.authToken, `${env.PUBLIC_BASE_URL}${path}`, params) },
              body: new URLSearchParams(params).toString(),
            },
            async () => said((await context.suppressions.suppressedChannels(TENANT.id, { email: null, phone: params.From ?? '' })).has('sms'), 'number suppressed'),
          );
        }
        case 'testimonials':
          return http('GET /api/testimonials, API key', { routeKey: 'GET /api/testimonials', path: '/api/testimonials', headers: bearer });
        case 'testimonialsExport':
          return http(
            `GET export (Function URL), API key, ${TESTIMONIALS} rows`,
            { routeKey: '$default', method: 'GET', path: '/', headers: bearer },
            // tests/support/testimonials.ts quotes each seeded testimonial so: count them in the body.
            async (reply) => said(bodyOf(reply).split('Testimonial number ').length - 1 === TESTIMONIALS, `${TESTIMONIALS} rows streamed`),
          );
        case 'webhook':
          return http('POST Shopify orders/paid, signed', {
            routeKey: 'POST /webhooks/{platform}/{tenantId}',
            path: '/webhooks/shopify/acme',
            pathParameters: { platform: 'shopify', tenantId: 'acme' },
            headers: shopifyHeaders(shopifyOrder, TENANT.webhookSecret, { topic: 'orders/paid', eventId: `bench-${round}`, shopDomain: TENANT.shopDomain }),
            body: shopifyOrder,
          });
        default:
          return { label: 'EventBridge scheduled event', event: scheduledEvent };
      }
    };
    return {
      invocation,
      async close() {
        useAppContext(null);
        await context.close();
      },
    };
  } catch (error) {
    useAppContext(null);
    await context.close();
    throw error;
  }
};
