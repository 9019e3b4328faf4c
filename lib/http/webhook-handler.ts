import { jsonResult, type HttpApiEvent, type HttpApiResult } from '../../events/http-api-event.ts';
import type { WebhookReply } from '../intake/receive-order-webhook.ts';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- Lambda handler glue used only by functions/: gets the process's context
import { appContext, type AppContext } from '../runtime/app-context.ts';
import { errorReply } from './error-reply.ts';
import { assertCleanParams } from './request-params.ts';

/** A webhook function: the domain answers a WebhookReply; anything it throws becomes the error taxonomy's status. */
export const webhookHandler =
  (receive: (event: HttpApiEvent, context: AppContext) => Promise<WebhookReply>) =>
  async (event: HttpApiEvent): Promise<HttpApiResult> => {
    const context = await appContext();
    try {
      assertCleanParams(event);
      const reply = await receive(event, context);
      return jsonResult(reply.status, reply.body, reply.headers);
    } catch (error) {
      return errorReply(error, context.logger);
    }
  };
