import { startFakeHttpServer, type FakeHttpServer, type RecordedRequest } from './fake-http-server.ts';

/**
 * One local server playing Postmark, SendGrid and Twilio, each with its documented request path
 * and answer: Postmark `POST /email` → 200 `{"MessageID", "ErrorCode": 0}`; SendGrid
 * `POST /v3/mail/send` → 202 with `X-Message-Id`; Twilio
 * `POST /2010-04-01/Accounts/{sid}/Messages.json` → 201 `{"sid": "SM…", "status": "queued"}`.
 */
export interface FakeMessaging extends FakeHttpServer {
  /** Requests that reached a provider path, parsed: JSON for email, form fields for SMS. */
  readonly delivered: () => { provider: 'postmark' | 'sendgrid' | 'twilio'; request: RecordedRequest; body: any }[];
}

const providerOf = (path: string) =>
  path === '/email' ? 'postmark' : path === '/v3/mail/send' ? 'sendgrid' : /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/.test(path) ? 'twilio' : null;

export const startFakeMessaging = async (
  options: { delayMs?: number; beforeAnswer?: () => Promise<void> } = {},
): Promise<FakeMessaging> => {
  let sequence = 0;
  const server = await startFakeHttpServer(async (request) => {
    sequence += 1;
    await options.beforeAnswer?.();
    const delay = options.delayMs ? { delayMs: options.delayMs } : {};
    switch (providerOf(request.path)) {
      case 'postmark':
        return { status: 200, body: { To: JSON.parse(request.body.toString()).To, SubmittedAt: new Date().toISOString(), MessageID: `pm-${sequence}`, ErrorCode: 0, Message: 'OK' }, ...delay };
      case 'sendgrid':
        return { status: 202, headers: { 'x-message-id': `sg-${sequence}` }, ...delay };
      case 'twilio':
        return { status: 201, body: { sid: `SM${String(sequence).padStart(32, '0')}`, status: 'queued' }, ...delay };
      default:
        return { status: 404, body: { message: `no such endpoint ${request.path}` } };
    }
  });
  return {
    ...server,
    delivered: () =>
      server.requests.flatMap((request) => {
        const provider = providerOf(request.path);
        if (!provider) return [];
        const body = provider === 'twilio' ? Object.fromEntries(new URLSearchParams(request.body.toString())) : JSON.parse(request.body.toString());
        return [{ provider, request, body }];
      }),
  };
};
