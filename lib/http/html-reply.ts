import type { HttpApiResult } from '../../events/http-api-event.ts';
import type { CustomerPage } from '../pages/layout.ts';

const htmlReply = (statusCode: number, body: string, policy: readonly string[], extraHeaders: Readonly<Record<string, string>>): HttpApiResult => ({
  statusCode,
  headers: {
    ...extraHeaders,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': ["default-src 'none'", ...policy, "connect-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"].join('; '),
  },
  body,
});

/**
 * An HTML page of the merchant console (customer pages use pageResult): never cached (it may
 * show answers), never framed, no script but the page's own, forms post only back to afterglow.
 */
export const htmlResult = (statusCode: number, page: string, nonce?: string, extraHeaders: Readonly<Record<string, string>> = {}): HttpApiResult =>
  htmlReply(statusCode, page, ["style-src 'unsafe-inline'", nonce ? `script-src 'nonce-${nonce}'` : "script-src 'none'"], extraHeaders);

/**
 * A customer page (feedback, thank-you, unsubscribe, consent, a link problem) under the strict
 * policy: its one style element and its script by the page's nonce, no inline style attribute and
 * no 'unsafe-inline', images only from the shop logo's origin.
 */
export const pageResult = (statusCode: number, page: CustomerPage, extraHeaders: Readonly<Record<string, string>> = {}): HttpApiResult =>
  htmlReply(
    statusCode,
    page.html,
    [
      `style-src 'nonce-${page.nonce}'`,
      page.imageOrigin ? `img-src ${page.imageOrigin}` : "img-src 'none'",
      page.scripted ? `script-src 'nonce-${page.nonce}'` : "script-src 'none'",
    ],
    extraHeaders,
  );
