import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastRatio } from '../../lib/brand/contrast.ts';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { launchChromium, type TestBrowser } from '../support/browser.ts';
import { changeSettings, emailInOutbox, feedbackLinkIn, newCustomer } from '../support/feedback-journey.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const SHOTS = 'test-results/brand';
const ACCENT = '#0f766e';
const LOGO_URL = 'https://cdn.acme-outfitters.example/logo.svg';
/** The shop's logo, served to the browser by the test in place of the shop's CDN (nothing leaves the machine). */
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="230" height="48" viewBox="0 0 230 48"><rect width="48" height="48" rx="10" fill="${ACCENT}"/><text x="24" y="32" font-family="sans-serif" font-size="22" font-weight="700" fill="#fff" text-anchor="middle">A</text><text x="60" y="31" font-family="sans-serif" font-size="18" font-weight="700" fill="#1a1a1a">Acme Outfitters</text></svg>`;

/** `rgb(15, 118, 110)` → `#0f766e`. */
const hexOf = (rgb: string): string => {
  const channels = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((channel) => Math.round(Number(channel)).toString(16).padStart(2, '0'));
  return `#${channels.join('')}`;
};

/**
 * The feedback page and the thank-you page in a shop's brand, in Debian's Chromium: logo, accent
 * colour and footer under the strict CSP (no violation, no console error), the order and shop in
 * the headline, no sideways scroll at 1280 px and 375 px, the 0–10 scale in reading order on a
 * phone, and the accent's contrast as the browser computes it. Screenshots go to test-results/brand/.
 */
describe('the shop\'s brand on its customer pages, in Chromium', () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: TestBrowser;

  /** Console errors, page errors and CSP violations of a page (a blocked style or script is one). */
  const problemsOf = async (page: Page) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.exposeFunction('reportViolation', (text: string) => problems.push(`CSP violation: ${text}`));
    await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (event) => window.reportViolation(event.violatedDirective + ' ' + event.blockedURI))" });
    return problems;
  };
  const sidewaysOverflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  const boxOf = async (page: Page, selector: string) => {
    const box = await page.locator(selector).boundingBox();
    if (!box) throw new Error(`${selector} is not shown`);
    return box;
  };
  const scoreBoxes = (page: Page) => Promise.all(Array.from({ length: 11 }, (_, score) => boxOf(page, `.scale label:nth-child(${score + 1}) span`)));
  const computed = (page: Page, selector: string, property: 'color' | 'backgroundColor') =>
    page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`);
  const accentContrast = async (page: Page, selector: string, property: 'color' | 'backgroundColor') => contrastRatio(hexOf(await computed(page, selector, property)), '#ffffff');

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const started = await Promise.allSettled([
      createTestDatabase('brand_browser').then((created) => (database = created)),
      launchChromium().then((created) => (browser = created)),
    ]);
    for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' });
    await changeSettings(
      app.context,
      'acme',
      'shopName=Acme Outfitters',
      'contact.quietHours=null',
      `brand.logo={"url":"${LOGO_URL}","alt":"Acme Outfitters"}`,
      `brand.accentColor=${ACCENT}`,
      'brand.postalAddress=12 Harbour Street\nBristol BS1 4QA, United Kingdom',
      'brand.contact=help@acme-outfitters.example',
      'brand.privacyPolicyUrl=https://acme-outfitters.example/privacy',
      'reviewLinks=[{"name":"Trustpilot","url":"https://www.trustpilot.com/evaluate/acme-outfitters.example"}]',
    );
    await browser.context.route(`${LOGO_URL}*`, (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: LOGO_SVG }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it('the feedback page and the thank-you page: branded, strict CSP, no sideways scroll, the scale in order, the accent readable', async () => {
    // Prepare: order #1042, delivered a week ago, its feedback request emailed (the outbox keeps it)
    const now = new Date();
    await deliverToOrdersFunction([
      lifecycleEvent('5560000000000001042', 'delivered', new Date(now.getTime() - 7 * 86_400_000).toISOString(), { customer: newCustomer(), number: '#1042' }),
    ]);
    await runDispatch(app.context, now);
    const [ask] = await app.context.outreach.forOrder('acme', '5560000000000001042');
    const link = feedbackLinkIn((await emailInOutbox(app.context, ask!)).html);
    const reply = await fetch(link);
    const page = await browser.context.newPage();
    const problems = await problemsOf(page);

    // Act 1: the feedback page, on a laptop and on a phone
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(link);
    await page.evaluate('document.querySelector(".brand img").decode()');
    const wide = { overflow: await sidewaysOverflow(page), scores: await scoreBoxes(page), headline: await page.locator('h1').innerText() };
    const logo = await page.evaluate<{ loaded: boolean; alt: string }>('({ loaded: document.querySelector(".brand img").naturalWidth > 0, alt: document.querySelector(".brand img").alt })');
    const contrast = { button: await accentContrast(page, 'button[type="submit"]', 'backgroundColor'), link: await accentContrast(page, 'footer a', 'color') };
    const buttonColours = [await computed(page, 'button[type="submit"]', 'backgroundColor'), await computed(page, 'button[type="submit"]', 'color')];
    await page.screenshot({ path: `${SHOTS}/feedback-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    const narrow = { overflow: await sidewaysOverflow(page), scores: await scoreBoxes(page), low: await boxOf(page, '.end-low'), high: await boxOf(page, '.end-high') };
    await page.screenshot({ path: `${SHOTS}/feedback-375.png`, fullPage: true });

    // Act 2: the customer answers; the thank-you page, on a phone and on a laptop
    await page.getByRole('radio', { name: '9', exact: true }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you!' }).waitFor();
    const thanks = { overflow375: await sidewaysOverflow(page), kicker: await page.locator('.kicker').innerText(), footer: await page.locator('footer').innerText() };
    await page.screenshot({ path: `${SHOTS}/thank-you-375.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    const thanksOverflow1280 = await sidewaysOverflow(page);
    await page.screenshot({ path: `${SHOTS}/thank-you-1280.png`, fullPage: true });

    // Assess: the policy is strict, and nothing on the page needed more
    const policy = reply.headers.get('content-security-policy') ?? '';
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toMatch(/style-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(policy).toContain('img-src https://cdn.acme-outfitters.example');
    expect(await reply.text()).not.toMatch(/\sstyle="/);
    expect(problems).toEqual([]);
    // the brand, the order and the shop
    expect(wide.headline).toBe('How was your order #1042 from Acme Outfitters?');
    expect(logo).toEqual({ loaded: true, alt: 'Acme Outfitters' });
    expect(buttonColours).toEqual(['rgb(15, 118, 110)', 'rgb(255, 255, 255)']);
    expect(contrast.button).toBeGreaterThanOrEqual(4.5);
    expect(contrast.link).toBeGreaterThanOrEqual(4.5);
    expect(thanks.kicker).toBe('Order #1042 from Acme Outfitters');
    expect(thanks.footer).toContain('12 Harbour Street, Bristol BS1 4QA, United Kingdom');
    expect(thanks.footer).toMatch(/Contact us · Privacy policy/);
    // no sideways scroll at either width
    expect([wide.overflow, narrow.overflow, thanks.overflow375, thanksOverflow1280]).toEqual([0, 0, 0, 0]);
    // 1280 px: one row, left to right
    expect(new Set(wide.scores.map((box) => Math.round(box.y))).size).toBe(1);
    for (let score = 1; score <= 10; score += 1) expect(wide.scores[score]!.x).toBeGreaterThan(wide.scores[score - 1]!.x);
    // 375 px: 0–5 then 6–10, each row left to right, 10 at the right edge, the end labels beside their ends
    const rowOf = (score: number) => Math.round(narrow.scores[score]!.y);
    expect(new Set([0, 1, 2, 3, 4, 5].map(rowOf)).size).toBe(1);
    expect(new Set([6, 7, 8, 9, 10].map(rowOf)).size).toBe(1);
    expect(rowOf(6)).toBeGreaterThan(rowOf(5));
    for (const score of [1, 2, 3, 4, 5, 7, 8, 9, 10]) expect(narrow.scores[score]!.x).toBeGreaterThan(narrow.scores[score - 1]!.x);
    expect(Math.round(narrow.scores[10]!.x + narrow.scores[10]!.width)).toBe(Math.round(narrow.scores[5]!.x + narrow.scores[5]!.width));
    expect(narrow.low.y + narrow.low.height).toBeLessThanOrEqual(narrow.scores[0]!.y);
    expect(Math.round(narrow.low.x)).toBe(Math.round(narrow.scores[0]!.x));
    expect(narrow.high.y).toBeGreaterThanOrEqual(narrow.scores[10]!.y + narrow.scores[10]!.height);
    expect(Math.round(narrow.high.x + narrow.high.width)).toBe(Math.round(narrow.scores[10]!.x + narrow.scores[10]!.width));
    await page.close();
  });
});
