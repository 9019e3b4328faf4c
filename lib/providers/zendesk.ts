import type { ProviderHttp } from './provider-http.ts';
import * as z from 'zod';
import { callProvider, ProviderError, type CallProviderOptions } from './call-provider.ts';

/**
 * Zendesk's Tickets API, the helpdesk a recovery case becomes a ticket in:
 * `POST {baseUrl}/api/v2/tickets.json` (201 `{"ticket":{"id":…}}`), `GET …/tickets.json?external_id=`
 * and `PUT {baseUrl}/api/v2/tickets/{id}.json` for a note or to solve it, with basic auth
 * `{email}/token:{apiToken}`; for an erasure, the Ticket Comments API: `GET …/tickets/{id}/comments.json`
 * (cursor pages) and `PUT {baseUrl}/api/v2/comment_redactions/{comment_id}.json` ("Redact Ticket
 * Comment In Agent Workspace", which also reaches solved, closed and archived tickets).
 */
export interface ZendeskCredentials {
  readonly baseUrl: string;
  readonly email: string;
  readonly apiToken: string;
}

export type TicketPriority = 'urgent' | 'high' | 'normal' | 'low';

export interface TicketRequest {
  /** afterglow's case id: the ticket's `external_id`, so a ticket is found again after any failure. */
  readonly externalId: string;
  readonly subject: string;
  readonly body: string;
  readonly priority: TicketPriority;
  readonly requester: { readonly name: string; readonly email: string } | null;
  readonly tags: readonly string[];
}

export interface HelpdeskTicket {
  readonly id: string;
  /** Where an agent opens it. */
  readonly url: string;
}

/** A helpdesk that takes one ticket per case, and notes on it. */
export interface Helpdesk {
  /**
   * The case's ticket: the one already carrying its external id, else a new one (sent with an
   * `Idempotency-Key`, so a create retried after a lost answer makes one ticket).
   */
  ensureTicket(request: TicketRequest): Promise<HelpdeskTicket>;
  /** An internal note on the ticket, raising its priority when one is given. */
  addNote(ticketId: string, note: { readonly body: string; readonly priority: TicketPriority | null }): Promise<void>;
  /**
   * Solves the ticket with an internal note, tagged {@link SOLVED_BY_AFTERGLOW_TAG} so the webhook a
   * "ticket solved" trigger fires back is recognised as afterglow's own and changes nothing.
   */
  solveTicket(ticketId: string, note: { readonly body: string }): Promise<void>;
  /**
   * Redacts every comment of the ticket for good: its text, links and images, and its attachments.
   * Comments already redacted are left alone, so a retry redoes only what is left. `found` is false
   * when the ticket no longer exists (deleted in Zendesk): nothing is left to redact.
   */
  redactTicket(ticketId: string): Promise<{ readonly found: boolean; readonly redacted: number }>;
}

/** The tag afterglow adds to a ticket it solved (the trigger's condition may exclude it too). */
export const SOLVED_BY_AFTERGLOW_TAG = 'afterglow_solved';

const REDACTION_MARK = '\u2587';
const REDACTED_FILE_NAME = 'redacted.txt';

/** Text that still says something once tags, entities, whitespace and Zendesk's redaction marks are set aside. */
const hasWords = (text: string): boolean => text.replace(/&[#\w]+;/g, '').replace(new RegExp(`[\\s${REDACTION_MARK}]`, 'g'), '') !== '';
const REDACTABLE_ELEMENT = /^<(a|img)\b/i;
const HAS_REDACT_ATTRIBUTE = /\sredact(?=[\s=/>])/i;

/**
 * A comment's `html_body` with everything in it marked for Zendesk's redaction: every run of text
 * wrapped in `<redact>` and every link and image given the `redact` attribute, as "Redact Ticket
 * Comment In Agent Workspace" documents. Null when nothing is left to redact (done before).
 */
export const htmlMarkedForRedaction = (html: string): string | null => {
  let marked = false;
  const parts = html.split(/(<[^>]*>)/);
  const result = parts.map((part) => {
    if (part.startsWith('<')) {
      if (!REDACTABLE_ELEMENT.test(part) || HAS_REDACT_ATTRIBUTE.test(part)) return part;
      marked = true;
      return part.replace(/\s*(\/?)>$/, ' redact$1>');
    }
    if (!hasWords(part)) return part;
    marked = true;
    return `<redact>${part}</redact>`;
  });
  return marked ? result.join('') : null;
};

const CommentSchema = z
  .object({
    id: z.union([z.number().int(), z.string().min(1)]),
    html_body: z.string().nullish(),
    body: z.string().nullish(),
    attachments: z.array(z.object({ content_url: z.string().nullish(), file_name: z.string().nullish() }).loose()).nullish(),
  })
  .loose();
const CommentsPageSchema = z.object({
  comments: z.array(CommentSchema),
  meta: z.object({ has_more: z.boolean(), after_cursor: z.string().nullish() }).loose().nullish(),
});
/** Zendesk's limit is 5000 comments a ticket: 50 pages of 100. */
const MAX_COMMENT_PAGES = 60;

const htmlOf = (comment: z.infer<typeof CommentSchema>): string => {
  if (comment.html_body) return comment.html_body;
  const escaped = (comment.body ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<div class="zd-comment" dir="auto">${escaped}</div>`;
};

/** Zendesk documents ticket ids as integers; they are kept as text, and sent as numbers where exact. */
const ticketIdValue = (ticketId: string): number | string => (/^\d{1,15}$/.test(ticketId) ? Number(ticketId) : ticketId);

const TicketSchema = z.object({ id: z.union([z.number().int(), z.string().min(1)]) }).loose();
const CreatedSchema = z.object({ ticket: TicketSchema });
const ListedSchema = z.object({ tickets: z.array(TicketSchema) });

export const createZendeskHelpdesk = (
  credentials: ZendeskCredentials,
  deps: { readonly http: ProviderHttp } & Omit<CallProviderOptions, 'provider'>,
): Helpdesk => {
  const base = credentials.baseUrl.replace(/\/+$/, '');
  const auth = { username: `${credentials.email}/token`, password: credentials.apiToken };
  const options = { ...deps, provider: 'Zendesk' };
  const ticketOf = (id: string | number): HelpdeskTicket => ({ id: String(id), url: `${base}/agent/tickets/${id}` });
  const unreadable = (what: string, data: unknown) =>
    // Retryable: a retry finds the ticket by its external id.
    new ProviderError(`Zendesk answered ${what} in a shape afterglow cannot read: ${JSON.stringify(data).slice(0, 200)}`, true, null, []);

  /** `PUT /api/v2/tickets/{id}.json` ("Update Ticket"): a comment, a status, tags. */
  const updateTicket = async (ticketId: string, ticket: Record<string, unknown>): Promise<void> => {
    await callProvider(
      deps.http,
      {
        method: 'PUT',
        url: `${base}/api/v2/tickets/${encodeURIComponent(ticketId)}.json`,
        auth,
        headers: { 'content-type': 'application/json' },
        data: { ticket },
      },
      options,
    );
  };

  return {
    async ensureTicket(request) {
      const { response: listed } = await callProvider(
        deps.http,
        { method: 'GET', url: `${base}/api/v2/tickets.json`, params: { external_id: request.externalId }, auth },
        options,
      );
      const found = ListedSchema.safeParse(listed.data);
      if (!found.success) throw unreadable('the ticket search', listed.data);
      const existing = found.data.tickets[0];
      if (existing) return ticketOf(existing.id);

      const { response } = await callProvider(
        deps.http,
        {
          method: 'POST',
          url: `${base}/api/v2/tickets.json`,
          auth,
          headers: { 'content-type': 'application/json', 'idempotency-key': `afterglow-${request.externalId}` },
          data: {
            ticket: {
              subject: request.subject,
              comment: { body: request.body },
              priority: request.priority,
              ...(request.requester ? { requester: request.requester } : {}),
              tags: request.tags,
              external_id: request.externalId,
            },
          },
        },
        options,
      );
      const created = CreatedSchema.safeParse(response.data);
      if (!created.success) throw unreadable('the new ticket', response.data);
      return ticketOf(created.data.ticket.id);
    },
    addNote: (ticketId, note) =>
      updateTicket(ticketId, { comment: { body: note.body, public: false }, ...(note.priority ? { priority: note.priority } : {}) }),
    solveTicket: (ticketId, note) =>
      updateTicket(ticketId, { status: 'solved', comment: { body: note.body, public: false }, additional_tags: [SOLVED_BY_AFTERGLOW_TAG] }),
    async redactTicket(ticketId) {
      const comments: z.infer<typeof CommentSchema>[] = [];
      let after: string | null = null;
      for (let page = 0; page < MAX_COMMENT_PAGES; page += 1) {
        let listed;
        try {
          ({ response: listed } = await callProvider(
            deps.http,
            {
              method: 'GET',
              url: `${base}/api/v2/tickets/${encodeURIComponent(ticketId)}/comments.json`,
              params: { 'page[size]': 100, ...(after ? { 'page[after]': after } : {}) },
              auth,
            },
            options,
          ));
        } catch (error) {
          if (error instanceof ProviderError && error.status === 404) return { found: false, redacted: 0 };
          throw error;
        }
        const parsed = CommentsPageSchema.safeParse(listed.data);
        if (!parsed.success) throw unreadable('the ticket comments', { keys: Object.keys(Object(listed.data)) });
        comments.push(...parsed.data.comments);
        if (!parsed.data.meta?.has_more || !parsed.data.meta.after_cursor) break;
        after = parsed.data.meta.after_cursor;
      }
      let redacted = 0;
      for (const comment of comments) {
        const html = htmlMarkedForRedaction(htmlOf(comment));
        const attachments = (comment.attachments ?? [])
          .filter((attachment) => attachment.content_url && attachment.file_name !== REDACTED_FILE_NAME)
          .map((attachment) => attachment.content_url as string);
        if (html === null && attachments.length === 0) continue;
        await callProvider(
          deps.http,
          {
            method: 'PUT',
            url: `${base}/api/v2/comment_redactions/${encodeURIComponent(String(comment.id))}.json`,
            auth,
            headers: { 'content-type': 'application/json' },
            data: {
              ticket_id: ticketIdValue(ticketId),
              ...(html === null ? {} : { html_body: html }),
              ...(attachments.length > 0 ? { external_attachment_urls: attachments } : {}),
            },
          },
          options,
        );
        redacted += 1;
      }
      return { found: true, redacted };
    },
  };
};
