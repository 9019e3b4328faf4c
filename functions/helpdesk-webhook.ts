import { rawBodyOf } from '../events/http-api-event.ts';
import { webhookHandler } from '../lib/http/webhook-handler.ts';
import { receiveHelpdeskWebhook } from '../lib/recovery/receive-helpdesk-webhook.ts';

/**
 * `POST /webhooks/helpdesk/zendesk/{tenantId}`: a Zendesk webhook fired by a "ticket solved"
 * trigger (signed with the webhook's signing secret): the ticket's case is resolved as put right
 * in the helpdesk, and its "did we put it right?" ask scheduled.
 */
export const handler = webhookHandler((event, context) =>
  receiveHelpdeskWebhook(
    { tenantId: event.pathParameters?.tenantId ?? '', headers: event.headers ?? {}, body: rawBodyOf(event) },
    {
      tenants: context.tenants,
      cases: context.recoveryCases,
      followUps: context.followUps,
      helpdesk: context.helpdeskUpdates,
      helpdeskJobs: context.helpdeskJobs,
      clock: context.clock,
      logger: context.logger.child({ function: 'helpdeskWebhook' }),
    },
  ),
  { webhook: 'helpdesk' },
);
