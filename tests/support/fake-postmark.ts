import { randomUUID } from 'node:crypto';
import { startFakeHttpServer, type FakeHttpServer } from './fake-http-server.ts';

/** An email as Postmark's `POST /email` received it (the fields afterglow sends). */
export interface PostmarkEmail {
  readonly From: string;
  readonly To: string;
  readonly Subject: string;
  readonly HtmlBody: string;
  readonly TextBody: string;
  readonly Headers: { Name: string; Value: string }[];
  readonly MessageStream: string;
  readonly Tag: string;
  readonly Metadata: Record<string, string>;
}

export interface FakePostmark extends FakeHttpServer {
  readonly serverToken: string;
  /** Every email accepted so far, in order. */
  emails(): PostmarkEmail[];
}

/**
 * Postmark's Email API as documented: `POST /email` with `X-Postmark-Server-Token`; 200
 * `{"To","SubmittedAt","MessageID","ErrorCode":0,"Message":"OK"}`, 401 with ErrorCode 10 for a
 * wrong token, 422 with ErrorCode 300 for an email without a recipient.
 */
export const startFakePostmark = async (serverToken = 'postmark-server-token'): Promise<FakePostmark> => {
  const server = await startFakeHttpServer((request) => {
    if (request.method !== 'POST' || request.path !== '/email') return { status: 404, body: { ErrorCode: 404, Message: 'Not found' } };
    if (request.headers['x-postmark-server-token'] !== serverToken) {
      return { status: 401, body: { ErrorCode: 10, Message: 'Request does not contain a valid Server token.' } };
    }
    const email = JSON.parse(request.body.toString('utf8')) as Partial<PostmarkEmail>;
    if (!email.To) return { status: 422, body: { ErrorCode: 300, Message: 'Invalid email request' } };
    return { status: 200, body: { To: email.To, SubmittedAt: new Date().toISOString(), MessageID: randomUUID(), ErrorCode: 0, Message: 'OK' } };
  });
  return {
    ...server,
    serverToken,
    emails: () =>
      server.requests
        .filter((request) => request.path === '/email' && request.headers['x-postmark-server-token'] === serverToken)
        .map((request) => JSON.parse(request.body.toString('utf8')) as PostmarkEmail),
  };
};
