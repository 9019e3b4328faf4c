import type { ProviderHttp } from './provider-http.ts';
import type { RecoveryChannels } from '../recovery/notify-case.ts';
import type { CallProviderOptions } from './call-provider.ts';
import { createSlackWebhook } from './slack.ts';
import { createZendeskHelpdesk } from './zendesk.ts';

/** A tenant's helpdesk (Zendesk) and chat (Slack), each when its settings are complete. */
export const createRecoveryChannels = (deps: { readonly http: ProviderHttp } & Omit<CallProviderOptions, 'provider'>): RecoveryChannels => ({
  helpdeskFor: ({ zendesk }) =>
    zendesk.baseUrl && zendesk.email && zendesk.apiToken
      ? createZendeskHelpdesk({ baseUrl: zendesk.baseUrl, email: zendesk.email, apiToken: zendesk.apiToken }, deps)
      : null,
  chatFor: ({ slack }) => (slack.webhookUrl ? createSlackWebhook(slack.webhookUrl, deps) : null),
});
