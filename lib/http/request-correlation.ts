import { CORRELATION_HTTP_HEADER, isUsableCorrelationId } from '../correlation.ts';
import { firstHeader, type Headers } from './headers.ts';

/**
 * The delivery id a platform sends with each webhook delivery (DESIGN "Delivery ids"), in the
 * order the intake reads them: it is the correlation id of everything the delivery causes.
 */
const DELIVERY_ID_HEADERS = [
  'x-shopify-event-id',
  'shopify-event-id',
  'x-shopify-webhook-id',
  'shopify-webhook-id',
  'x-wc-webhook-delivery-id',
  'webhook-id',
] as const;

/**
 * An HTTP request's correlation id: the webhook's delivery id, else the `X-Correlation-Id` a
 * caller sent (when it is a usable id), else null (the handler gets a fresh one). Never anything
 * from the path or the body: paths hold link tokens.
 */
export const requestCorrelationId = (event: { readonly headers?: Headers | null }): string | null => {
  const headers = event.headers ?? {};
  const named = firstHeader(headers, ...DELIVERY_ID_HEADERS, CORRELATION_HTTP_HEADER);
  return isUsableCorrelationId(named) ? named : null;
};
