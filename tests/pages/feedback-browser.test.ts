import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackEventSchema, type FeedbackEvent } from '../../events/feedback-event.ts';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { launchChromium, type TestBrowser } from '../support/browser.ts';
import { startFakePostmark, type FakePostmark } from '../support/fake-postmark.ts';
import { changeSettings, deliverAndDispatch, feedbackLinkIn, newCustomer, storedRevisions, tamperedLink } from '../support/feedback-journey.ts';
import { consumeTopic, startKafka, type TestKafka, type TopicConsumer } from '../support/kafka.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { webhookFixture } from '../support/shared.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';

/**
 * The feedback page as a customer meets it: a signed Shopify webhook, the orders function on
 * Kafka, a dispatch run that emails through (a local) Postmark, the emailed link opened in
 * Debian's Chromium, the answer submitted, and the FeedbackEvent read back from Kafka by a
 * consumer group of its own.
 */
describe('feedback page in Chromium, from the emailed link to the FeedbackEvent on Kafka', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let postmark: FakePostmark;
  let app: TestApp;
  let feedbackTopic: TopicConsumer;
  let browser: TestBrowser;
  const SECRET = 'shpss_browser';
  const DAY_MS = 86_400_000;

  const feedbackEventsOn = (orderId: string): FeedbackEvent[] =>
    feedbackTopic.messages.map((message) => FeedbackEventSchema.parse(JSON.parse(message.value))).filter((event) => event.orderId === orderId);
  /** The email Postmark received for an ask, found by the reference afterglow sends as metadata. */
  const emailFor = (outreachId: string) => {
    const email = postmark.emails().find((sent) => sent.Metadata.reference === outreachId);
    if (!email) throw new Error(`Postmark received no email for ${outreachId}`);
    return email;
  };

  /** Script errors and console errors (a blocked inline script is reported there) of a page. */
  const problemsOf = (page: Page) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A 4xx page loads as a failed resource: expected where a test provokes one.
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    return problems;
  };
  const sidewaysOverflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  const focused = (page: Page) => page.evaluate<string>('`${document.activeElement.tagName.toLowerCase()} ${document.activeElement.name}=${document.activeElement.value}`');

  beforeAll(async () => {
    // Started side by side; each kept as soon as it is up, so afterAll stops it even if another failed.
    const started = await Promise.allSettled([
      createTestDatabase('browser').then((created) => (database = created)),
      startKafka().then((created) => (kafka = created)),
      startFakePostmark().then((created) => (postmark = created)),
      launchChromium().then((created) => (browser = created)),
    ]);
    for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
    app = await startTestApp({ DATABASE_URL: database.url, ...kafka.env }, { runSchedules: false });
    await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: SECRET });
    await changeSettings(
      app.context,
      'acme',
      'shopName=Acme Outfitters',
      'email.provider=postmark',
      `email.baseUrl=${postmark.url}`,
      `email.apiKey=${postmark.serverToken}`,
      'email.from=feedback@acme.example',
      'consent.mode=all_customers',
      'contact.quietHours=null',
      'reviewLinks=[{"name":"Trustpilot","url":"https://www.trustpilot.com/evaluate/acme.example"}]',
    );
    feedbackTopic = await consumeTopic(kafka.brokers, kafka.topics.feedback);
    await app.consumersReady;
  });
  afterAll(async () => {
    await browser?.close();
    await feedbackTopic?.stop();
    await app?.stop();
    await postmark?.close();
    await kafka?.stop();
    await database?.drop();
  });

  it('a customer opens the emailed link, scores, comments, allows a quote, and the FeedbackEvent reaches Kafka', async () => {
    // Prepare: Shopify reports the order fulfilled; the ask falls due (the fallback after fulfilment) and is emailed
    const body = webhookFixture('shopify_order_paid_fulfilled.order-resource.json');
    const reply = await app.post('/webhooks/shopify/acme', body, shopifyHeaders(body, SECRET, { topic: 'orders/fulfilled', eventId: 'browser-1' }));
    expect(reply.status).toBe(202);
    const [ask] = await waitFor(async () => {
      const asks = await app.context.outreach.forOrder('acme', '1073459972');
      return asks.length > 0 && asks;
    }, { what: 'the scheduled feedback request' });
    expect(await runDispatch(app.context)).toMatchObject({ sent: 1, failed: 0 });
    const email = emailFor(ask!.id);
    expect(email).toMatchObject({ To: 'foo@example.com', From: 'feedback@acme.example', Subject: 'How was your order from Acme Outfitters?' });
    expect(email.Headers).toContainEqual({ Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' });
    const link = feedbackLinkIn(email.HtmlBody);
    const page = await browser.context.newPage();
    const problems = problemsOf(page);

    // Act: what the customer does
    const opened = await page.goto(link);
    await page.getByRole('radio', { name: '9', exact: true }).click();
    await page.getByLabel('Anything you would like to tell us?').fill('Arrived in two days.\nThe box was a little crushed — the iPod was fine.');
    const consentLabel = page.locator('label[for="consent"]');
    const wordingShown = (await consentLabel.textContent()) ?? '';
    await consentLabel.click();
    await page.getByLabel('On the website').check();
    await page.getByLabel('Show my name as').selectOption({ label: 'First name only' });
    await page.getByRole('button', { name: 'Send' }).click();

    // Assess: the page, then the event a downstream consumer receives. A crushed box is a problem
    // named under a high score: the back end opens a case, so the page apologises and says a person will reply.
    expect(opened?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'We are sorry' }).waitFor();
    expect(await page.getByRole('link', { name: 'Trustpilot' }).getAttribute('href')).toBe('https://www.trustpilot.com/evaluate/acme.example');
    const message = await feedbackTopic.waitFor((candidate) => JSON.parse(candidate.value).orderId === '1073459972', 'the FeedbackEvent of order 1073459972');
    expect(message.key).toBe('acme/c:1073339470');
    expect(message.headers['content-type']).toBe('application/vnd.afterglow.feedback-event.v1+json');
    const event = FeedbackEventSchema.parse(JSON.parse(message.value));
    expect(event).toMatchObject({
      tenantId: 'acme',
      source: 'feedback_page',
      revision: 1,
      orderId: '1073459972',
      stage: 'feedback_request',
      customer: { key: 'c:1073339470', email: 'foo@example.com' },
      score: { value: 9, scale: 'nps' },
      comment: 'Arrived in two days.\nThe box was a little crushed — the iPod was fine.',
      locale: 'en',
      testimonialConsent: {
        granted: true,
        wording: wordingShown,
        wordingVersion: 'testimonial-2026-11',
        locale: 'en',
        scopes: ['website'],
        displayName: 'first_name',
      },
    });
    expect(wordingShown).toContain('Acme Outfitters may publish my comment');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a tampered link and an expired link show a clear page with 400 and 410, never a stack trace', async () => {
    // Prepare: a genuine emailed link, edited; and a link emailed 62 days ago (links live 60 days)
    const fresh = await deliverAndDispatch(app.context, { orderId: '5550000000000000001', customer: newCustomer() });
    const tampered = tamperedLink(feedbackLinkIn(emailFor(fresh.id).HtmlBody));
    const old = await deliverAndDispatch(app.context, {
      orderId: '5550000000000000002',
      customer: newCustomer(),
      now: new Date(Date.now() - 62 * DAY_MS),
    });
    const expired = feedbackLinkIn(emailFor(old.id).HtmlBody);
    const page = await browser.context.newPage();

    // Act
    const tamperedReply = await page.goto(tampered);
    const tamperedText = await page.locator('main').innerText();
    const expiredReply = await page.goto(expired);
    const expiredText = await page.locator('main').innerText();

    // Assess
    expect(tamperedReply?.status()).toBe(400);
    expect(tamperedText).toContain('This link is not valid');
    expect(expiredReply?.status()).toBe(410);
    expect(expiredText).toContain('This link has expired');
    expect(expiredText).toContain('Acme Outfitters');
    for (const text of [tamperedText, expiredText]) expect(text).not.toMatch(/Error|at \w+ \(|\.ts:\d+/);
    expect(await storedRevisions(app.context, '5550000000000000002')).toEqual([]);
    await page.close();
  });

  it('a score clicked in the email: a mail scanner GET records nothing, the browser page script records it once', async () => {
    // Prepare
    const orderId = '5550000000000000003';
    const ask = await deliverAndDispatch(app.context, { orderId, customer: newCustomer() });
    const scoreLink = feedbackLinkIn(emailFor(ask.id).HtmlBody, 9);

    // Act 1: a security scanner fetches the link (no scripts)
    const scanned = await fetch(scoreLink, { headers: { 'user-agent': 'Mail-Scanner/1.0' } });
    const scannedPage = await scanned.text();

    // Assess 1: the page shows 9 selected and nothing is stored
    expect(scanned.status).toBe(200);
    expect(scannedPage).toMatch(/value="9" checked/);
    expect(await storedRevisions(app.context, orderId)).toEqual([]);

    // Act 2: the customer's browser opens it, then opens it again later
    const page = await browser.context.newPage();
    await page.goto(scoreLink);
    await page.getByRole('status').getByText('Thank you, your score is saved. Anything to add?').waitFor();
    await page.reload();
    await page.getByLabel('Anything you would like to tell us?').fill('Quick and friendly.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you!' }).waitFor();

    // Assess 2: the score by the script, then the comment as revision 2 of the same feedback
    const revisions = await storedRevisions(app.context, orderId);
    expect(revisions.map((row) => [row.revision, row.event.score?.value, row.event.comment])).toEqual([
      [1, 9, null],
      [2, 9, 'Quick and friendly.'],
    ]);
    await feedbackTopic.waitFor((message) => JSON.parse(message.value).orderId === orderId && JSON.parse(message.value).revision === 2, 'revision 2');
    const onKafka = feedbackEventsOn(orderId);
    expect(onKafka.map((event) => event.revision)).toEqual([1, 2]);
    expect(new Set(onKafka.map((event) => event.feedbackId)).size).toBe(1);
    await page.close();
  });

  it('on a 320 px phone screen a customer answers with the keyboard alone; nothing scrolls sideways, no script fails', async () => {
    // Prepare
    const orderId = '5550000000000000004';
    const customer = newCustomer({ email: 'first.middle.lastname.family@longer-customer-domain.example' });
    const ask = await deliverAndDispatch(app.context, { orderId, customer });
    const email = emailFor(ask.id);
    const page = await browser.context.newPage();
    const problems = problemsOf(page);
    await page.setViewportSize({ width: 320, height: 640 });

    // Act: Tab into the scale, arrows to 7, Tab to the comment, type, Tab to the permission, Space…
    await page.goto(feedbackLinkIn(email.HtmlBody));
    const formOverflow = await sidewaysOverflow(page);
    await page.keyboard.press('Tab');
    const firstStop = await focused(page);
    for (let step = 0; step < 7; step += 1) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Good value, would buy again.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    for (let step = 0; step < 4; step += 1) await page.keyboard.press('Tab'); // social, ads, name form, Send
    const lastStop = await page.evaluate<string>('document.activeElement.textContent');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Thank you!' }).waitFor();
    const thanksOverflow = await sidewaysOverflow(page);
    // The unsubscribe page names the (long) address it unsubscribes.
    const unsubscribe = email.Headers.find((header) => header.Name === 'List-Unsubscribe')?.Value.slice(1, -1) ?? '';
    await page.goto(unsubscribe);
    const unsubscribeOverflow = await sidewaysOverflow(page);

    // Assess
    expect(firstStop).toBe('input score=0');
    expect(lastStop).toBe('Send');
    expect([formOverflow, thanksOverflow, unsubscribeOverflow]).toEqual([0, 0, 0]);
    expect(problems).toEqual([]);
    const [stored] = await storedRevisions(app.context, orderId);
    expect(stored?.event).toMatchObject({
      score: { value: 7 },
      comment: 'Good value, would buy again.',
      testimonialConsent: { granted: true, scopes: ['website'], displayName: 'first_name_last_initial' },
    });
    await page.close();
  });
});
