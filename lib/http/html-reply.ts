import { randomBytes } from 'node:crypto';
import type { HttpApiResult } from '../../events/http-api-event.ts';

/** A fresh nonce for the page's own inline script (the only script the policy lets run). */
export const newScriptNonce = (): string => randomBytes(16).toString('base64');

/**
 * An HTML page for a customer: never cached (it may show their answers), never framed, no
 * script but the page's own, forms post only back to afterglow.
 */
export const htmlResult = (statusCode: number, page: string, nonce?: string, extraHeaders: Readonly<Record<string, string>> = {}): HttpApiResult => ({
  statusCode,
  headers: {
    ...extraHeaders,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': [
      "default-src 'none'",
      "style-src 'unsafe-inline'",
      nonce ? `script-src 'nonce-${nonce}'` : "script-src 'none'",
      "connect-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  },
  body: page,
});
