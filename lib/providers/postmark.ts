import type { ProviderHttp } from './provider-http.ts';
import { callProvider, type CallProviderOptions } from './call-provider.ts';
import { displayFrom, type OutboundEmail, type SentMessage } from './outbound-message.ts';

export interface PostmarkSettings {
  readonly baseUrl: string | null;
  readonly serverToken: string;
  readonly from: string;
}

/** Postmark's Email API: `POST /email` with the server token; 200 `{"MessageID", "ErrorCode": 0}`. */
export const sendWithPostmark = async (
  http: ProviderHttp,
  settings: PostmarkSettings,
  message: OutboundEmail,
  options: Omit<CallProviderOptions, 'provider'>,
): Promise<SentMessage> => {
  const { response } = await callProvider<{ MessageID?: string }>(
    http,
    {
      method: 'POST',
      url: `${(settings.baseUrl ?? 'https://api.postmarkapp.com').replace(/\/+$/, '')}/email`,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-Postmark-Server-Token': settings.serverToken },
      data: {
        From: displayFrom(message.fromName, settings.from),
        ...(message.replyTo ? { ReplyTo: message.replyTo } : {}),
        To: message.to,
        Subject: message.subject,
        HtmlBody: message.html,
        TextBody: message.text,
        Headers: Object.entries(message.headers).map(([Name, Value]) => ({ Name, Value })),
        MessageStream: 'outbound',
        Tag: message.tag,
        Metadata: { reference: message.reference },
      },
    },
    { ...options, provider: 'Postmark' },
  );
  return { provider: 'postmark', providerMessageId: response.data?.MessageID ?? null };
};
