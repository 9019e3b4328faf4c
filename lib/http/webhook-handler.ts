import { jsonResult, type HttpApiEvent, type HttpApiResult } from '../../events/http-api-event.ts';
import type { WebhookReply } from '../intake/receive-order-webhook.ts';
import { METRIC } from '../metrics.ts';
import type { AppContext } from '../runtime/app-context.ts';
import { errorReply } from './error-reply.ts';
import { assertCleanParams } from './request-params.ts';
import { withAppContext } from './with-app-context.ts';

/** Why a webhook was not taken, from its status (DESIGN's order of checks): a small, fixed set, for the WebhooksRefused metric. */
const REFUSAL_REASONS: Readonly<Record<number, string>> = {
  400: 'malformed',
  401: 'bad_signature',
  403: 'forbidden',
  404: 'unknown_tenant',
  413: 'too_large',
  429: 'rate_limited',
  500: 'error',
  503: 'unavailable',
};
export const refusalReasonOf = (status: number): string => REFUSAL_REASONS[status] ?? `status_${status}`;

/**
 * A webhook function: the domain answers a WebhookReply; anything it throws becomes the error
 * taxonomy's status. Each answer is counted: WebhooksAccepted (2xx) or WebhooksRefused by reason,
 * with the dimension `webhook` (`orders`, `reviews`).
 */
export const webhookHandler =
  (receive: (event: HttpApiEvent, context: AppContext) => Promise<WebhookReply>, options: { readonly webhook: string }) =>
  withAppContext(async (event: HttpApiEvent, context: AppContext): Promise<HttpApiResult> => {
    let result: HttpApiResult;
    try {
      assertCleanParams(event);
      const reply = await receive(event, context);
      result = jsonResult(reply.status, reply.body, reply.headers);
    } catch (error) {
      result = errorReply(error, context.logger);
    }
    if (result.statusCode < 300) context.metrics.count(METRIC.webhooksAccepted, { webhook: options.webhook });
    else context.metrics.count(METRIC.webhooksRefused, { webhook: options.webhook, reason: refusalReasonOf(result.statusCode) });
    return result;
  });
