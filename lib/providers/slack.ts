import type { ProviderHttp } from './provider-http.ts';
import { callProvider, type CallProviderOptions } from './call-provider.ts';

/** A chat channel the service team watches. */
export interface ChatAlerts {
  post(message: { readonly text: string; readonly blocks?: readonly unknown[] }): Promise<void>;
}

/**
 * A Slack incoming webhook: `POST {webhookUrl}` with `{text, blocks?}` (200 `ok`; 4xx such as
 * `invalid_payload`, `no_service`, `channel_is_archived` are refusals, 429 and 5xx are retried).
 */
export const createSlackWebhook = (
  webhookUrl: string,
  deps: { readonly http: ProviderHttp } & Omit<CallProviderOptions, 'provider'>,
): ChatAlerts => ({
  async post(message) {
    await callProvider(
      deps.http,
      { method: 'POST', url: webhookUrl, headers: { 'content-type': 'application/json' }, data: message, responseType: 'text' },
      { ...deps, provider: 'Slack' },
    );
  },
});
