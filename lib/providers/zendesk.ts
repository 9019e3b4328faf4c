import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { callProvider, ProviderError, type CallProviderOptions } from './call-provider.ts';

/**
 * Zendesk's Tickets API, the helpdesk a recovery case becomes a ticket in:
 * `POST {baseUrl}/api/v2/tickets.json` (201 `{"ticket":{"id":…}}`), `GET …/tickets.json?external_id=`
 * and `PUT {baseUrl}/api/v2/tickets/{id}.json` for a note, with basic auth `{email}/token:{apiToken}`.
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
}

const TicketSchema = z.object({ id: z.union([z.number().int(), z.string().min(1)]) }).loose();
const CreatedSchema = z.object({ ticket: TicketSchema });
const ListedSchema = z.object({ tickets: z.array(TicketSchema) });

export const createZendeskHelpdesk = (
  credentials: ZendeskCredentials,
  deps: { readonly http: AxiosInstance } & Omit<CallProviderOptions, 'provider'>,
): Helpdesk => {
  const base = credentials.baseUrl.replace(/\/+$/, '');
  const auth = { username: `${credentials.email}/token`, password: credentials.apiToken };
  const options = { ...deps, provider: 'Zendesk' };
  const ticketOf = (id: string | number): HelpdeskTicket => ({ id: String(id), url: `${base}/agent/tickets/${id}` });
  const unreadable = (what: string, data: unknown) =>
    // Retryable: a retry finds the ticket by its external id.
    new ProviderError(`Zendesk answered ${what} in a shape afterglow cannot read: ${JSON.stringify(data).slice(0, 200)}`, true, null, []);

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
    async addNote(ticketId, note) {
      await callProvider(
        deps.http,
        {
          method: 'PUT',
          url: `${base}/api/v2/tickets/${encodeURIComponent(ticketId)}.json`,
          auth,
          headers: { 'content-type': 'application/json' },
          data: { ticket: { comment: { body: note.body, public: false }, ...(note.priority ? { priority: note.priority } : {}) } },
        },
        options,
      );
    },
  };
};
