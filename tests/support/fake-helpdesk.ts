import { startFakeHttpServer, type FakeHttpServer, type RecordedRequest } from './fake-http-server.ts';

export interface FakeComment {
  readonly id: number;
  body: string;
  htmlBody: string;
  readonly public: boolean;
  readonly attachments: { content_url: string; file_name: string }[];
}

export interface FakeTicket {
  readonly id: number;
  readonly externalId: string | null;
  readonly subject: string;
  readonly priority: string | null;
  readonly body: string;
  readonly requester: unknown;
  tags: string[];
  status: string;
  readonly notes: { body: string; public: boolean; priority: string | null }[];
  /** Every comment, the first (the ticket's description) included, as the Ticket Comments API lists them. */
  readonly comments: FakeComment[];
}

export interface FakeZendesk extends FakeHttpServer {
  readonly email: string;
  readonly apiToken: string;
  readonly tickets: FakeTicket[];
  /** Tenant settings that point a tenant's recovery at this Zendesk. */
  readonly settings: string[];
}

const json = (request: RecordedRequest): any => JSON.parse(request.body.toString('utf8') || '{}');

const REDACTION_MARK = '\u2587';
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** What Zendesk renders a plain-text comment as. */
const htmlOfText = (text: string) => `<div class="zd-comment" dir="auto">${text.split('\n').map(escapeHtml).join('<br>')}</div>`;
const textOfHtml = (html: string) =>
  html.replace(/<br\s*\/?>/g, '\n').replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
/** The comment's html as it was, before the caller marked it: `<redact>` tags and `redact` attributes taken away. */
const unmarked = (html: string) => html.replace(/<\/?redact>/g, '').replace(/\sredact(?=[\s/>])/g, '');
/** Zendesk's redaction: marked text becomes ▇, marked links and images lose the element. */
const applyRedaction = (html: string) =>
  html
    .replace(/<redact>([\s\S]*?)<\/redact>/g, (_match, inner: string) => REDACTION_MARK.repeat(textOfHtml(inner).length))
    .replace(/<(a|img)\b[^>]*\sredact\b[^>]*>/g, '');

/**
 * Zendesk's Tickets API as documented: basic auth `{email}/token:{apiToken}` (401 otherwise);
 * `POST /api/v2/tickets.json` → 201 `{"ticket":{"id",…}}` (an `Idempotency-Key` seen before
 * answers the same ticket); `GET /api/v2/tickets.json?external_id=` → `{"tickets":[…]}`;
 * `PUT /api/v2/tickets/{id}.json` with a comment, `status` and `additional_tags` → 200 (422 on a
 * closed ticket); `GET /api/v2/tickets/{id}/comments.json` (cursor pages); `PUT
 * /api/v2/comment_redactions/{comment_id}.json` (Redact Ticket Comment In Agent Workspace).
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
    status: ticket.status,
    tags: ticket.tags,
  });
  let commentIds = 5000;
  const commentView = (comment: FakeComment) => ({
    id: comment.id,
    type: 'Comment',
    author_id: 9001,
    body: comment.body,
    html_body: comment.htmlBody,
    plain_body: comment.body,
    public: comment.public,
    attachments: comment.attachments.map((attachment, index) => ({ id: comment.id * 10 + index, ...attachment, content_type: 'image/jpeg', size: 1024 })),
    audit_id: comment.id + 1,
    via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
    created_at: '2026-11-03T10:00:00Z',
    metadata: { system: {}, custom: {} },
  });
  const addComment = (ticket: FakeTicket, body: string, isPublic: boolean) => {
    commentIds += 1;
    ticket.comments.push({ id: commentIds, body, htmlBody: htmlOfText(body), public: isPublic, attachments: [] });
  };
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
        status: 'new',
        notes: [],
        comments: [],
      };
      addComment(created, ticket.comment.body, true);
      tickets.push(created);
      if (typeof key === 'string') byIdempotencyKey.set(key, created);
      return { status: 201, body: { ticket: view(created) }, headers: { 'x-idempotency-lookup': 'miss' } };
    }
    const update = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(request.path);
    const ticket = update ? tickets.find((candidate) => String(candidate.id) === update[1]) : undefined;
    if (request.method === 'PUT' && ticket) {
      const { ticket: change } = json(request);
      if (ticket.status === 'closed') return { status: 422, body: { error: 'RecordInvalid', description: 'Record validation errors', details: { status: [{ description: 'Status: closed prevents ticket update' }] } } };
      if (change.comment) {
        ticket.notes.push({ body: change.comment.body, public: change.comment.public ?? true, priority: change.priority ?? null });
        addComment(ticket, change.comment.body, change.comment.public ?? true);
      }
      if (typeof change.status === 'string') ticket.status = change.status;
      if (Array.isArray(change.additional_tags)) ticket.tags = [...new Set([...ticket.tags, ...change.additional_tags])];
      return { status: 200, body: { ticket: view(ticket), audit: { id: commentIds + 1, ticket_id: ticket.id, events: [] } } };
    }
    // List Comments, cursor pagination: `page[size]` (at most 100) and `page[after]`.
    const listing = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/.exec(request.path);
    if (request.method === 'GET' && listing) {
      const owner = tickets.find((candidate) => String(candidate.id) === listing[1]);
      if (!owner) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
      const size = Math.min(Number(request.query.get('page[size]') ?? 100), 100);
      const start = Number(Buffer.from(request.query.get('page[after]') ?? 'MA', 'base64url').toString('utf8'));
      const page = owner.comments.slice(start, start + size);
      const hasMore = start + size < owner.comments.length;
      const after = hasMore ? Buffer.from(String(start + size), 'utf8').toString('base64url') : null;
      return {
        status: 200,
        body: {
          comments: page.map(commentView),
          meta: { has_more: hasMore, after_cursor: after, before_cursor: null },
          links: { prev: null, next: after ? `https://acme.zendesk.com/api/v2/tickets/${owner.id}/comments.json?page%5Bafter%5D=${after}&page%5Bsize%5D=${size}` : null },
        },
      };
    }
    // Redact Ticket Comment In Agent Workspace: `{ticket_id, html_body?, external_attachment_urls?}`.
    const redaction = /^\/api\/v2\/comment_redactions\/(\d+)\.json$/.exec(request.path);
    if (request.method === 'PUT' && redaction) {
      const change = json(request);
      if (typeof change.ticket_id !== 'number') return { status: 400, body: { error: 'InvalidEndpoint', description: 'ticket_id is required' } };
      const owner = tickets.find((candidate) => candidate.id === change.ticket_id);
      const comment = owner?.comments.find((candidate) => String(candidate.id) === redaction[1]);
      if (!owner || !comment) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
      if (typeof change.html_body === 'string') {
        // Zendesk redacts the comment as it is: the html sent must be its html_body with marks added.
        if (unmarked(change.html_body) !== comment.htmlBody) return { status: 422, body: { error: 'RecordInvalid', description: 'html_body does not match the comment' } };
        comment.htmlBody = applyRedaction(change.html_body);
        comment.body = textOfHtml(comment.htmlBody);
      }
      for (const url of change.external_attachment_urls ?? []) {
        const attachment = comment.attachments.find((candidate) => candidate.content_url === url);
        if (attachment) Object.assign(attachment, { file_name: 'redacted.txt', content_url: `https://acme.zendesk.com/attachments/token/${comment.id}/?name=redacted.txt` });
      }
      return { status: 200, body: { comment: commentView(comment) } };
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
