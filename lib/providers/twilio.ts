import type { ProviderHttp } from './provider-http.ts';
import { callProvider, type CallProviderOptions } from './call-provider.ts';
import type { OutboundSms, SentMessage } from './outbound-message.ts';

export interface TwilioSettings {
  readonly baseUrl: string | null;
  readonly accountSid: string;
  readonly authToken: string;
  readonly from: string;
}

/**
 * Twilio Messages: `POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded `To`, `From`,
 * `Body`, HTTP basic auth with the account SID and auth token; 201 `{"sid": "SM…", "status": "queued"}`.
 */
export const sendWithTwilio = async (
  http: ProviderHttp,
  settings: TwilioSettings,
  message: OutboundSms,
  options: Omit<CallProviderOptions, 'provider'>,
): Promise<SentMessage> => {
  const base = (settings.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const { response } = await callProvider<{ sid?: string }>(
    http,
    {
      method: 'POST',
      url: `${base}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`,
      auth: { username: settings.accountSid, password: settings.authToken },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      data: new URLSearchParams({ To: message.to, From: settings.from, Body: message.text }).toString(),
    },
    { ...options, provider: 'Twilio' },
  );
  return { provider: 'twilio', providerMessageId: response.data?.sid ?? null };
};
