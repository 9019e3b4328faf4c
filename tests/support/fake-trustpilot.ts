import { startFakeHttpServer, type FakeHttpServer } from './fake-http-server.ts';

/**
 * Trustpilot as its documentation describes it: a business-user OAuth token from client
 * credentials (`POST /v1/oauth/oauth-business-users-for-applications/accesstoken`, HTTP Basic
 * with the API key and secret, `grant_type=client_credentials`), and
 * `POST /v1/private/business-units/{businessUnitId}/email-invitations` with that Bearer token,
 * answered 202. Invitations without the fields Trustpilot requires are refused with 400.
 */
export interface FakeTrustpilot extends FakeHttpServer {
  readonly invitations: () => { businessUnitId: string; body: Record<string, any>; headers: Record<string, unknown> }[];
}

export const startFakeTrustpilot = async (credentials = { apiKey: 'tp-key', apiSecret: 'tp-secret' }): Promise<FakeTrustpilot> => {
  const token = 'tp-access-token';
  const server = await startFakeHttpServer((request) => {
    if (request.method === 'POST' && request.path === '/v1/oauth/oauth-business-users-for-applications/accesstoken') {
      const basic = `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64')}`;
      if (request.headers.authorization !== basic) return { status: 401, body: { fault: { faultstring: 'Invalid ApiKey' } } };
      if (new URLSearchParams(request.body.toString()).get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
      return { status: 200, body: { access_token: token, expires_in: '359999', token_type: 'Bearer' } };
    }
    const invitation = /^\/v1\/private\/business-units\/([^/]+)\/email-invitations$/.exec(request.path);
    if (request.method === 'POST' && invitation) {
      if (request.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { message: 'Unauthorized' } };
      const body = JSON.parse(request.body.toString()) as Record<string, unknown>;
      const missing = ['consumerEmail', 'consumerName', 'referenceNumber', 'locale'].filter((field) => !body[field]);
      if (missing.length > 0) return { status: 400, body: { message: `missing ${missing.join(', ')}` } };
      return { status: 202 };
    }
    return { status: 404, body: { message: 'not found' } };
  });
  return {
    ...server,
    invitations: () =>
      server.requests.flatMap((request) => {
        const match = /^\/v1\/private\/business-units\/([^/]+)\/email-invitations$/.exec(request.path);
        return match?.[1] ? [{ businessUnitId: match[1], body: JSON.parse(request.body.toString()) as Record<string, any>, headers: request.headers }] : [];
      }),
  };
};
