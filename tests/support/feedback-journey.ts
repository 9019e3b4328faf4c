import { FeedbackEventSchema, type FeedbackEvent } from '../../events/feedback-event.ts';
import type { OrderEvent } from '../../events/order-event.ts';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import type { OutboundEmail } from '../../lib/providers/outbound-message.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import type { Outreach } from '../../lib/store/outreach-repository.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { deliverToOrdersFunction, lifecycleEvent } from './journey.ts';

const DAY_MS = 86_400_000;

/** `npx afterglow tenant set ID key=value …`, as a test's setup. */
export const changeSettings = (context: AppContext, tenantId: string, ...assignments: string[]) =>
  changeTenantSettings(tenantId, assignments, 'test', { tenants: context.tenants, outbound: context.outbound });

let customers = 0;

/** A customer of their own: one person is asked at most once a week, so each test order gets a new one. */
export const newCustomer = (changes: Partial<OrderEvent['customer']> = {}): Partial<OrderEvent['customer']> => {
  customers += 1;
  const id = `${process.pid}${String(customers).padStart(4, '0')}`;
  return { key: `c:${id}`, id, email: `customer${id}@example.com`, ...changes };
};

/**
 * An order of tenant `acme` delivered `deliveredDaysAgo` (default 7, past the default 3-day
 * delay) before `now`, then the dispatch run at
 * `now` (as `afterglow dispatch --now` does): the feedback request, sent.
 */
export const deliverAndDispatch = async (
  context: AppContext,
  options: { orderId: string; customer?: Partial<OrderEvent['customer']>; now?: Date; deliveredDaysAgo?: number },
): Promise<Outreach> => {
  const now = options.now ?? new Date();
  const deliveredAt = new Date(now.getTime() - (options.deliveredDaysAgo ?? 7) * DAY_MS).toISOString();
  await deliverToOrdersFunction([lifecycleEvent(options.orderId, 'delivered', deliveredAt, { customer: options.customer ?? newCustomer() })]);
  await runDispatch(context, now);
  const [ask] = await context.outreach.forOrder('acme', options.orderId);
  if (ask?.state !== 'sent') throw new Error(`the ask for order ${options.orderId} was not sent: ${JSON.stringify(ask)}`);
  return ask;
};

/** The email the embedded default's outbox kept for an ask (what `GET /api/outbox` shows). */
export const emailInOutbox = async (context: AppContext, ask: Outreach): Promise<OutboundEmail> => {
  for (let after: string | undefined; ; ) {
    const page = await context.outbox.list(ask.tenantId, { limit: 500, ...(after ? { after } : {}) });
    const kept = page.find((entry) => entry.outreachId === ask.id);
    if (kept?.message.channel === 'email') return kept.message;
    if (page.length < 500) throw new Error(`no email in the outbox for ask ${ask.id}`);
    after = page.at(-1)?.id;
  }
};

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The links of an HTML email, as a mail client would follow them (attribute entities decoded). */
export const linksIn = (html: string): string[] =>
  [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((match) => (match[1] ?? '').replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity));

/** The email's link to the feedback page: the plain one, or the one a score button carries. */
export const feedbackLinkIn = (html: string, score?: number): string => {
  const wanted = linksIn(html).find((link) => {
    const url = new URL(link);
    return url.pathname.startsWith('/f/') && (score === undefined ? !url.search : url.searchParams.get('score') === String(score));
  });
  if (!wanted) throw new Error(`no feedback link${score === undefined ? '' : ` for score ${score}`} in the email`);
  return wanted;
};

/** The emailed link's handle with its first character changed (a link someone edited, or guessed). */
export const tamperedLink = (link: string): string => {
  const url = new URL(link);
  const [, route, handle = ''] = url.pathname.split('/');
  const changed = (handle.startsWith('A') ? 'B' : 'A') + handle.slice(1);
  url.pathname = `/${route}/${changed}`;
  return url.toString();
};

/** Every stored revision of the feedback about an order, oldest first. */
export const storedRevisions = (context: AppContext, orderId: string, tenantId = 'acme') =>
  context.db.query<{ feedbackId: string; revision: number; event: FeedbackEvent; published: boolean }>(
    `SELECT f.id AS "feedbackId", r.revision, r.event, r.published_at IS NOT NULL AS published
     FROM feedback f JOIN feedback_revisions r ON r.feedback_id = f.id
     WHERE f.tenant_id = $1 AND f.order_id = $2 ORDER BY r.revision`,
    [tenantId, orderId],
  );

/** The FeedbackEvents on the embedded default's event log (the store-backed one), oldest first. */
export const feedbackEventsOnLocalLog = async (context: AppContext): Promise<FeedbackEvent[]> => {
  const rows = await context.db.query<{ value: Uint8Array }>(`SELECT value FROM local_log WHERE topic = $1 ORDER BY created_at, "offset"`, [
    context.topics.feedback,
  ]);
  return rows.map((row) => FeedbackEventSchema.parse(JSON.parse(Buffer.from(row.value).toString('utf8'))));
};

/** A page's form as the browser would send it (`application/x-www-form-urlencoded`). */
export const postForm = async (url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) form.append(name, one);
  const response = await fetch(url, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  return { status: response.status, headers: response.headers, html: await response.text() };
};

/** The one-click unsubscribe URL of an email's `List-Unsubscribe: <url>` header (RFC 8058). */
export const unsubscribeLinkOf = (email: OutboundEmail): string => {
  const link = /^<(.+)>$/.exec(email.headers['List-Unsubscribe'] ?? '')?.[1];
  if (!link) throw new Error(`no List-Unsubscribe URL in ${JSON.stringify(email.headers)}`);
  return link;
};
