import * as z from 'zod';
import { InvalidPayloadError, InvalidRequestError } from '../errors.ts';
import { firstHeader, type Headers } from '../http/headers.ts';
import { MAX_WEBHOOK_BODY_BYTES, type WebhookReply } from '../intake/receive-order-webhook.ts';
import { parseJsonLosslessly } from '../json/parse-json-losslessly.ts';
import type { Logger } from '../logger.ts';
import { hmacSha256Base64, signaturesMatch } from '../platforms/hmac.ts';
import { parsePayload } from '../platforms/parse-payload.ts';
import { SOLVED_BY_AFTERGLOW_TAG } from '../providers/zendesk.ts';
import type { HelpdeskJobRepository } from '../store/helpdesk-job-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { changeCase, type ChangeCaseDeps } from './change-case.ts';
import type { RecoveryCase } from './recovery-case.ts';

/** Zendesk's webhook signing headers (developer.zendesk.com, "Verifying webhook authenticity"). */
export const ZENDESK_SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const ZENDESK_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';
/** A signed timestamp further than this from afterglow's clock is refused: a replay, or a clock badly off. */
export const ZENDESK_TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

/** base64(HMAC-SHA256(secret, timestamp + body)): what Zendesk sends in X-Zendesk-Webhook-Signature. */
export const signZendeskWebhook = (secret: string, timestamp: string, body: Buffer | string): string =>
  hmacSha256Base64(secret, Buffer.concat([Buffer.from(timestamp, 'utf8'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]));

const TicketIdSchema = z.union([z.string().trim().regex(/^\d{1,20}$/, 'a ticket id is digits'), z.number().int().positive()]).transform(String);

/**
 * The JSON body of the trigger's webhook (README "Service recovery" gives the template): the
 * merchant writes it in Zendesk with placeholders, so every value may arrive as text. `tags` is
 * `{{ticket.tags}}`, space-separated.
 */
export const ZendeskSolvedTicketSchema = z
  .object({
    ticket_id: TicketIdSchema,
    external_id: z.string().trim().max(200).nullish(),
    status: z.string().trim().max(40).nullish(),
    tags: z.union([z.string().max(20_000), z.array(z.string().max(200)).max(500)]).nullish(),
  })
  .loose();

export interface HelpdeskWebhookDelivery {
  /** From the route. */
  readonly tenantId: string;
  readonly headers: Headers;
  readonly body: Buffer;
}

export interface ReceiveHelpdeskWebhookDeps extends ChangeCaseDeps {
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly cases: ChangeCaseDeps['cases'];
  readonly helpdeskJobs: Pick<HelpdeskJobRepository, 'caseIdForTicket'>;
  readonly logger: Logger;
}

const reply = (status: number, body: Record<string, unknown>): WebhookReply => ({ status, body });

/** Why the signature is refused, or null when Zendesk signed this body at an acceptable time. */
const refusalOf = (delivery: HelpdeskWebhookDelivery, secret: string, now: Date): string | null => {
  const signature = firstHeader(delivery.headers, ZENDESK_SIGNATURE_HEADER);
  const timestamp = firstHeader(delivery.headers, ZENDESK_TIMESTAMP_HEADER);
  if (!signature || !timestamp) return 'X-Zendesk-Webhook-Signature and X-Zendesk-Webhook-Signature-Timestamp are required';
  const signedAt = Date.parse(timestamp);
  if (Number.isNaN(signedAt)) return 'X-Zendesk-Webhook-Signature-Timestamp is not a time';
  if (Math.abs(now.getTime() - signedAt) > ZENDESK_TIMESTAMP_TOLERANCE_MS) return 'the signature timestamp is more than 5 minutes from now';
  // The timestamp exactly as sent: it is part of what was signed.
  const sentTimestamp = delivery.headers[ZENDESK_TIMESTAMP_HEADER] ?? timestamp;
  return signaturesMatch(signZendeskWebhook(secret, sentTimestamp, delivery.body), signature) ? null : 'X-Zendesk-Webhook-Signature does not match';
};

const UNSOLVED_STATUSES = new Set(['new', 'open', 'pending', 'hold', 'on-hold']);

const tagsOf = (tags: string | readonly string[] | null | undefined): string[] =>
  (typeof tags === 'string' ? tags.split(/[\s,]+/) : [...(tags ?? [])]).map((tag) => tag.trim().toLowerCase()).filter(Boolean);

/** The case whose ticket this is: by the ticket id afterglow recorded, else by the external id it gave the ticket (the case id). */
const caseOf = async (tenantId: string, ticketId: string, externalId: string | null, deps: ReceiveHelpdeskWebhookDeps): Promise<RecoveryCase | null> => {
  const byTicket = await deps.helpdeskJobs.caseIdForTicket(tenantId, ticketId);
  if (byTicket) return deps.cases.find(tenantId, byTicket);
  if (!externalId) return null;
  const byExternalId = await deps.cases.find(tenantId, externalId);
  // A case that names another ticket is not this one's.
  return byExternalId && (byExternalId.ticketId === null || byExternalId.ticketId === ticketId) ? byExternalId : null;
};

/**
 * `POST /webhooks/helpdesk/zendesk/{tenantId}`: a Zendesk webhook, called by a trigger when a
 * ticket is solved, checked in the webhooks' order: unknown tenant, or one without the webhook's
 * signing secret, 404; body over 1 MB 413; signature missing, wrong or signed more than 5 minutes
 * from now 401; signed but not the template's JSON 400. The ticket's case is then resolved as put
 * right in the helpdesk, which schedules the "did we put it right?" ask like any resolution and
 * leaves the ticket alone. Answered 200 with what happened: `resolved`; `duplicate` for a case
 * already resolved (a redelivery, or a ticket afterglow solved itself); `ignored` for a ticket
 * afterglow solved (its tag), one not solved, or one no case of afterglow's owns.
 */
export const receiveHelpdeskWebhook = async (delivery: HelpdeskWebhookDelivery, deps: ReceiveHelpdeskWebhookDeps): Promise<WebhookReply> => {
  const tenant = await deps.tenants.findById(delivery.tenantId);
  const secret = tenant?.settings.recovery.zendesk.webhookSecret ?? null;
  if (!tenant || secret === null) return reply(404, { error: `no tenant ${delivery.tenantId} receiving Zendesk webhooks` });
  if (delivery.body.length > MAX_WEBHOOK_BODY_BYTES) return reply(413, { error: `body over ${MAX_WEBHOOK_BODY_BYTES} bytes` });
  const refusal = refusalOf(delivery, secret, deps.clock());
  if (refusal) return reply(401, { error: refusal });
  let ticket;
  try {
    ticket = parsePayload(ZendeskSolvedTicketSchema, parseJsonLosslessly(delivery.body.toString('utf8')), 'Zendesk ticket webhook');
  } catch (error) {
    if (error instanceof InvalidPayloadError) return reply(400, { error: error.message });
    throw error;
  }
  const log = deps.logger.child({ tenantId: tenant.id, ticketId: ticket.ticket_id });
  // The trigger fires on "solved"; `{{ticket.status}}` is in the account's language, so only the
  // statuses that plainly are not solved are refused (a webhook shared with other triggers).
  const status = ticket.status?.toLowerCase() ?? null;
  if (status !== null && UNSOLVED_STATUSES.has(status)) return reply(200, { status: 'ignored', reason: `the ticket is ${status}, not solved` });
  if (tagsOf(ticket.tags).includes(SOLVED_BY_AFTERGLOW_TAG)) {
    return reply(200, { status: 'ignored', reason: 'afterglow solved this ticket itself' });
  }
  const found = await caseOf(tenant.id, ticket.ticket_id, ticket.external_id || null, deps);
  if (!found) return reply(200, { status: 'ignored', reason: 'no afterglow case has this ticket' });
  if (found.state === 'resolved') return reply(200, { status: 'duplicate', caseId: found.id });
  const outcome = { resolution: 'put_right', remedies: [], discountCode: null, note: `Put right in the helpdesk: Zendesk ticket ${ticket.ticket_id} was solved.` };
  try {
    await changeCase(tenant.id, found.id, { state: 'resolved', outcome }, deps, { via: 'helpdesk' });
  } catch (error) {
    // Resolved meanwhile, by the team or a concurrent delivery: nothing more to do.
    if (error instanceof InvalidRequestError) return reply(200, { status: 'duplicate', caseId: found.id });
    throw error;
  }
  log.info('case resolved in the helpdesk', { caseId: found.id });
  return reply(200, { status: 'resolved', caseId: found.id });
};
