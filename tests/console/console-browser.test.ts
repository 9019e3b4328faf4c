import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { launchChromium, type TestBrowser } from '../support/browser.ts';
import { changeSettings, newCustomer } from '../support/feedback-journey.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { REPO_ROOT } from '../support/shared.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { seedCase, seedTestimonial, seedWeeklyNps } from './console-seed.ts';

/** Where the screenshots go (the README and the closing notes name them); not committed. */
const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'console');

/**
 * The console in Debian's Chromium, used the way a shop owner and a service lead use it: with the
 * keyboard-reachable forms, at 1280 px and on a 375 px phone, with no console error, no CSP
 * violation and no sideways scroll.
 */
describe('the merchant console in a browser', () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: TestBrowser;
  let apiKey: string;
  const problems: string[] = [];

  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    return page;
  };
  const sidewaysOverflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    database = await createTestDatabase('console_browser');
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    ({ apiKey } = await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'a' }));
    await seedWeeklyNps(app, 'acme', [
      { daysAgo: 35, scores: [10, 9, 9, 8, 10, 7] },
      { daysAgo: 28, scores: [10, 10, 9, 9, 8] },
      { daysAgo: 21, scores: [9, 8, 10, 6, 9] },
      { daysAgo: 14, scores: [10, 9, 9, 9, 10] },
      { daysAgo: 7, scores: [2, 3, 10, 6, 9, 4] },
    ]);
    await seedCase(app, apiKey, 'The lid does not close and nobody replied to my email', 'ann@example.com');
    await seedTestimonial(app, apiKey, 'Beautiful glaze, and it arrived in two days');
    // An order whose feedback request went out: its journey and its email are on the order's page
    await changeSettings(app.context, 'acme', 'contact.quietHours=null');
    const deliveredAt = new Date(Date.now() - 8 * 86_400_000).toISOString();
    await deliverToOrdersFunction([lifecycleEvent('6161', 'delivered', deliveredAt, { number: '#1161', customer: newCustomer({ email: 'cleo@example.com' }) })]);
    await runDispatch(app.context, new Date());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it('signs in, reads the chart the API reports, resolves a case, approves a testimonial and finds it in the CSV export', async () => {
    const page = watch(await browser.context.newPage());
    await page.setViewportSize({ width: 1280, height: 900 });
    // Sign in with the keyboard
    await page.goto(`${app.url}/console`);
    await page.getByLabel('Tenant API key').fill(apiKey);
    await page.getByLabel('Your name').fill('Dana Owner');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.url}/console`);
    // The chart's points are the API's weeks
    const points = await page.locator('figure[data-metric="nps"] circle.point').evaluateAll((circles) =>
      circles.map((circle) => ({ weekOf: circle.getAttribute('data-week'), value: Number(circle.getAttribute('data-value')) })),
    );
    const api = (await (await fetch(`${app.url}/api/satisfaction?from=${new Date(Date.now() - 182 * 86_400_000).toISOString()}`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as {
      weeks: { weekOf: string; nps: { score: number } | null }[];
    };
    expect(points).toEqual(api.weeks.filter((week) => week.nps).map((week) => ({ weekOf: week.weekOf, value: week.nps?.score })));
    await page.screenshot({ path: join(SCREENSHOTS, 'overview-1280.png'), fullPage: true });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

    // The recovery queue: open the case, resolve it with a note
    await page.getByRole('link', { name: 'Recovery queue' }).click();
    await page.locator('tr[data-case] a').first().click();
    await page.screenshot({ path: join(SCREENSHOTS, 'case-1280.png'), fullPage: true });
    await page.getByLabel('Note (the helpdesk sees it)').fill('Replacement lid sent');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.locator('[data-state]').textContent()).toBe('resolved');

    // Testimonials: approve, then the CSV export streams it
    await page.getByRole('link', { name: 'Testimonials' }).click();
    await page.getByRole('button', { name: 'Approve' }).first().click();
    await page.waitForURL(/done=1/);
    await page.getByRole('button', { name: 'CSV' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const csv = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    });
    expect(csv).toContain('Beautiful glaze, and it arrived in two days');

    // Customers: find the order of the case's customer by email
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Order number, order id or email').fill('nobody@example.com');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('No order matches.');
    expect(page.url()).not.toContain('nobody@example.com');
    // … and a customer who has one: their timeline, then the order with the email as it was sent
    await page.getByLabel('Order number, order id or email').fill('cleo@example.com');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: /^Customer / }).click();
    await page.getByRole('link', { name: '#1161' }).click();
    await expect.poll(() => page.locator('tr[data-ask="feedback_request"]').count()).toBeGreaterThanOrEqual(2);
    const email = page.frameLocator('iframe.email');
    await expect.poll(() => email.locator('body').textContent()).toContain('Ada');
    expect(await email.locator('a[href], img[src], form[action]').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'order-1280.png'), fullPage: true });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    const orderUrl = page.url();

    // The same pages on a 375 px phone
    await page.setViewportSize({ width: 375, height: 800 });
    for (const [name, path] of [['overview', '/console'], ['cases', '/console/cases'], ['testimonials', '/console/testimonials?state=all'], ['settings', '/console/settings'], ['order', new URL(orderUrl).pathname]] as const) {
      await page.goto(`${app.url}${path}`);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-375.png`), fullPage: true });
      expect(await sidewaysOverflow(page), name).toBeLessThanOrEqual(0);
    }
    expect(problems).toEqual([]);
  });
});
