import type { ProviderHttp } from './provider-http.ts';
import { callProvider, type CallProviderOptions } from './call-provider.ts';
import type { OutboundEmail, SentMessage } from './outbound-message.ts';

export interface SendGridSettings {
  readonly baseUrl: string | null;
  readonly apiKey: string;
  readonly from: string;
}

/** SendGrid v3 Mail Send: `POST /v3/mail/send` with a Bearer key; 202 and the id in `X-Message-Id`. */
export const sendWithSendGrid = async (
  http: ProviderHttp,
  settings: SendGridSettings,
  message: OutboundEmail,
  options: Omit<CallProviderOptions, 'provider'>,
): Promise<SentMessage> => {
  const { response } = await callProvider(
    http,
    {
      method: 'POST',
      url: `${(settings.baseUrl ?? 'https://api.sendgrid.com').replace(/\/+$/, '')}/v3/mail/send`,
      headers: { Authorization: `Bearer ${settings.apiKey}`, 'Content-Type': 'application/json' },
      data: {
        personalizations: [{ to: [{ email: message.to }] }],
        from: { email: settings.from, ...(message.fromName ? { name: message.fromName } : {}) },
        ...(message.replyTo ? { reply_to: { email: message.replyTo } } : {}),
        subject: message.subject,
        content: [
          { type: 'text/plain', value: message.text },
          { type: 'text/html', value: message.html },
        ],
        headers: message.headers,
        categories: [message.tag],
        custom_args: { reference: message.reference },
      },
    },
    { ...options, provider: 'SendGrid' },
  );
  const id = response.headers['x-message-id'];
  return { provider: 'sendgrid', providerMessageId: typeof id === 'string' ? id : null };
};
