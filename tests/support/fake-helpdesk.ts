import { startFakeHttpServer, type FakeHttpServer, type RecordedRequest } from './fake-http-server.ts';

export interface FakeTicket {
  readonly id: number;
  readonly externalId: string | null;
  readonly subject: string;
  readonly priority: string | null;
  readonly body: string;
  readonly requester: unknown;
  readonly tags: readonly string[];
  readonly notes: { body: string; public: boolean; priority: string | null }[];
}

export interface FakeZendesk extends FakeHttpServer {
  readonly email: string;
  readonly apiToken: string;
  readonly tickets: FakeTicket[];
  /** Tenant settings that point a tenant's recovery at this Zendesk. */
  readonly settings: string[];
}

const json = (request: RecordedRequest): any => JSON.parse(request.body.toString('utf8') || '{}');

/**
 * Zendesk's Tickets API as documented: basic auth `{email}/token:{apiToken}` (401 otherwise);
 * `POST /api/v2/tickets.json` → 201 `{"ticket":{"id",…}}` (an `Idempotency-Key` seen before
 * answers the same ticket); `GET /api/v2/tickets.json?external_id=` → `{"tickets":[…]}`;
 * `PUT /api/v2/tickets/{id}.json` with a comment → 200.
 */
export const startFakeZendesk = async (email = 'agent@acme.example', apiToken = 'zd-token'): Promise<FakeZendesk> => {
  const tickets: FakeTicket[] = [];
  const byIdempotencyKey = new Map<string, FakeTicket>();
  const expectedAuth = `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`;
  const view = (ticket: FakeTicket) => ({
    url: `https://acme.zendesk.com/api/v2/tickets/${ticket.id}.json`,
    id: ticket.id,
    external_id: ticket.externalId,
    subject: ticket.subject,
    priority: ticket.priority,
    status: 'new',
    tags: ticket.tags,
  });
  const server = await startFakeHttpServer((request) => {
    if (request.headers.authorization !== expectedAuth) return { status: 401, body: { error: "Couldn't authenticate you" } };
    if (request.method === 'GET' && request.path === '/api/v2/tickets.json') {
      const externalId = request.query.get('external_id');
      return { status: 200, body: { tickets: tickets.filter((ticket) => ticket.externalId === externalId).map(view), count: 0 } };
    }
    if (request.method === 'POST' && request.path === '/api/v2/tickets.json') {
      const key = request.headers['idempotency-key'];
      const seen = typeof key === 'string' ? byIdempotencyKey.get(key) : undefined;
      if (seen) return { status: 201, body: { ticket: view(seen) }, headers: { 'x-idempotency-lookup': 'hit' } };
      const { ticket } = json(request);
      if (!ticket?.comment?.body) return { status: 422, body: { error: 'RecordInvalid', description: 'Record validation errors' } };
      const created: FakeTicket = {
        id: 1000 + tickets.length + 1,
        externalId: ticket.external_id ?? null,
        subject: ticket.subject,
        priority: ticket.priority ?? null,
        body: ticket.comment.body,
        requester: ticket.requester ?? null,
        tags: ticket.tags ?? [],
        notes: [],
      };
      tickets.push(created);
      if (typeof key === 'string') byIdempotencyKey.set(key, created);
      return { status: 201, body: { ticket: view(created) }, headers: { 'x-idempotency-lookup': 'miss' } };
    }
    const update = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(request.path);
    const ticket = update ? tickets.find((candidate) => String(candidate.id) === update[1]) : undefined;
    if (request.method === 'PUT' && ticket) {
      const { ticket: change } = json(request);
      ticket.notes.push({ body: change.comment.body, public: change.comment.public ?? true, priority: change.priority ?? null });
      return { status: 200, body: { ticket: view(ticket) } };
    }
    return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
  });
  return {
    ...server,
    email,
    apiToken,
    tickets,
    settings: [`recovery.zendesk.baseUrl=${server.url}`, `recovery.zendesk.email=${email}`, `recovery.zendesk.apiToken=${apiToken}`],
  };
};

export interface FakeSlack extends FakeHttpServer {
  readonly webhookUrl: string;
  readonly alerts: () => { text: string; blocks?: unknown[] }[];
}

/** A Slack incoming webhook: `POST /services/T…/B…/…` with JSON `{text, blocks?}` → 200 `ok`. */
export const startFakeSlack = async (): Promise<FakeSlack> => {
  const path = '/services/T000/B000/XXXXXXXX';
  const server = await startFakeHttpServer((request) => {
    if (request.method !== 'POST' || request.path !== path) return { status: 404, body: 'no_service', headers: { 'content-type': 'text/html' } };
    const message = json(request);
    if (typeof message.text !== 'string' || message.text.length === 0) return { status: 400, body: 'invalid_payload', headers: { 'content-type': 'text/html' } };
    return { status: 200, body: 'ok', headers: { 'content-type': 'text/html' } };
  });
  return {
    ...server,
    webhookUrl: `${server.url}${path}`,
    alerts: () => server.requests.filter((request) => request.method === 'POST').map((request) => json(request)),
  };
};
