import { jsonResult, type HttpApiEvent, type HttpApiResult } from '../../events/http-api-event.ts';
import type { WebhookReply } from '../intake/receive-order-webhook.ts';
 
import type { AppContext } from '../runtime/app-context.ts';
import { errorReply } from './error-reply.ts';
import { assertCleanParams } from './request-params.ts';
import { withAppContext } from './with-app-context.ts';

/** A webhook function: the domain answers a WebhookReply; anything it throws becomes the error taxonomy's status. */
export const webhookHandler =
  (receive: (event: HttpApiEvent, context: AppContext) => Promise<WebhookReply>) =>
  withAppContext(async (event: HttpApiEvent, context: AppContext): Promise<HttpApiResult> => {
    try {
      assertCleanParams(event);
      const reply = await receive(event, context);
      return jsonResult(reply.status, reply.body, reply.headers);
    } catch (error) {
      return errorReply(error, context.logger);
    }
  });
