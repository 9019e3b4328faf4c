import type { customerTimeline, orderTimeline, TimelineEntry } from '../journey/timeline.ts';
import { html, type SafeHtml } from '../pages/html.ts';
import type { OrderAsk, OrderMatch } from '../store/console-repository.ts';
import type { StoredOrder } from '../store/order-repository.ts';
import { consolePage, csrfField, type ConsoleFrame } from './console-layout.ts';

type OrderTimelineView = Awaited<ReturnType<typeof orderTimeline>>;
type CustomerTimelineView = Awaited<ReturnType<typeof customerTimeline>>;

const at = (instant: Date | string | null) => (instant ? new Date(instant).toISOString().slice(0, 16).replace('T', ' ') : '–');

/** Links in a message are the customer's (their feedback page, their unsubscribe): staff see that one was there, never follow it. */
const withoutLinks = (text: string) => text.replace(/https?:\/\/\S+/g, '[link]');

/**
 * The email's HTML with every attribute that could lead anywhere removed (links, images, forms),
 * so the framed copy can neither act as the customer nor call out. The HTML is afterglow's own
 * rendering (attributes always double-quoted, values escaped), so an attribute pattern is exact
 * here; the frame's empty `sandbox` and the page's CSP stop scripts and navigation besides.
 */
export const withoutActions = (emailHtml: string): string =>
  emailHtml.replace(/\s(?:href|src|srcset|action|formaction|background|poster|ping)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)/gi, '');

/** Search by order number, order id or email (POSTed: an email never goes in a URL). */
export const customersPage = (
  frame: ConsoleFrame,
  results: readonly OrderMatch[] | null,
  query = '',
  customers: readonly { customerId: string; orders: number; lastOrderAt: string | null }[] = [],
): string => {
  const { copy } = frame;
  return consolePage(frame, {
    title: copy.customers.heading,
    section: 'customers',
    body: html`<h1>${copy.customers.heading}</h1>
<form method="post" action="/console/customers">${csrfField(frame)}
<label for="q">${copy.customers.query}</label><input id="q" name="q" type="text" value="${query}" required maxlength="200">
<button type="submit">${copy.customers.search}</button></form>
${customers.length > 0
  ? html`<h2>${copy.customers.customers}</h2><ul>${customers.map(
      (customer) => html`<li><a href="/console/customers/${encodeURIComponent(customer.customerId)}">${copy.customers.customer} ${customer.customerId}</a> · ${copy.customers.orders(customer.orders)} · ${at(customer.lastOrderAt)}</li>`,
    )}</ul>`
  : ''}
${results === null
  ? ''
  : results.length === 0
    ? html`<p>${copy.customers.none}</p>`
    : html`<ul>${results.map((match) => html`<li><a href="/console/orders/${encodeURIComponent(match.orderId)}">${match.orderNumber ?? match.orderId}</a> · ${match.kind} · ${at(match.stateAt)}</li>`)}</ul>`}`,
  });
};

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** One line of the journey timeline: when, what, its state or action, and why (naming what took the budget). */
const timelineRow = (frame: ConsoleFrame, entry: TimelineEntry, orderNames: ReadonlyMap<string, string>): SafeHtml => {
  const { copy } = frame;
  const order = entry.orderId ? (orderNames.get(entry.orderId) ?? entry.orderId) : '';
  const blockedBy = entry.blockedBy as { kind: string | null; orderId: string | null } | null | undefined;
  const [what, state, why]: [string, string, string] = (() => {
    switch (entry.type) {
      case 'order_event':
        return [`order ${text(entry.kind)}`, '', ''];
      case 'ask':
        return [
          text(entry.kind),
          text(entry.action),
          `${text(entry.reason)}${blockedBy ? ` (${copy.customers.budgetTakenBy} ${text(blockedBy.kind)}${blockedBy.orderId ? ` ${orderNames.get(blockedBy.orderId) ?? blockedBy.orderId}` : ''})` : ''}`,
        ];
      case 'feedback':
        return ['feedback', [entry.score !== null && entry.score !== undefined ? `${text(entry.score)} (${text(entry.scale)})` : '', text(entry.sentiment)].filter(Boolean).join(' · '), ((entry.issues as string[] | undefined) ?? []).join(', ')];
      case 'case_opened':
        return ['case opened', text(entry.severity), ''];
      case 'case_resolved':
        return ['case resolved', text(entry.resolution), ''];
      case 'review':
        return [`review (${text(entry.source)})`, entry.rating === null || entry.rating === undefined ? '' : `${text(entry.rating)}★`, ''];
      default:
        return [entry.type, '', ''];
    }
  })();
  return html`<tr data-entry="${entry.type}"${entry.type === 'ask' ? html` data-ask="${text(entry.kind)}"` : ''}><td>${at(entry.at)}</td><td>${order ? `${order} · ` : ''}${what}</td><td>${state}</td><td>${why}</td></tr>`;
};

const timelineTable = (frame: ConsoleFrame, entries: readonly TimelineEntry[], orderNames: ReadonlyMap<string, string>): SafeHtml => {
  const { copy } = frame;
  return html`<div class="table"><table><thead><tr><th>${copy.customers.when}</th><th>${copy.customers.what}</th><th>${copy.customers.state}</th><th>${copy.customers.why}</th></tr></thead><tbody>
${entries.map((entry) => timelineRow(frame, entry, orderNames))}
</tbody></table></div>`;
};

/** A sent message as staff may see it: the HTML in a frame that runs nothing and leads nowhere, the text part beside it. */
const messageView = (frame: ConsoleFrame, ask: OrderAsk): SafeHtml => {
  const message = ask.message;
  if (!message) return html``;
  const heading = html`<h3>${ask.kind}${message.subject ? `: ${message.subject}` : ''}</h3>`;
  if (!message.html) return html`${heading}<pre>${withoutLinks(message.text ?? '')}</pre>`;
  return html`${heading}<iframe class="email" sandbox="" referrerpolicy="no-referrer" loading="lazy" title="${frame.copy.customers.emailView}" srcdoc="${withoutActions(message.html)}"></iframe>
<details><summary>${frame.copy.customers.textPart}</summary><pre>${withoutLinks(message.text ?? '')}</pre></details>`;
};

/** One order: its whole journey (every ask with its history and reasons, feedback, cases, reviews) and the messages it sent. */
export const orderPage = (frame: ConsoleFrame, order: StoredOrder, timeline: OrderTimelineView, asks: readonly OrderAsk[]): string => {
  const { copy } = frame;
  const name = order.orderNumber ?? order.orderId;
  return consolePage(frame, {
    title: name,
    section: 'customers',
    body: html`<h1>${name}</h1>
<p>${order.kind} · ${order.currency ?? ''} ${order.total ?? ''} · ${order.items.map((item) => item.title).join(', ')}</p>
${timeline.customerId ? html`<p><a href="/console/customers/${encodeURIComponent(timeline.customerId)}">${copy.customers.customerTimeline}</a></p>` : ''}
<h2>${copy.customers.timeline}</h2>
${timelineTable(frame, timeline.timeline, new Map([[order.orderId, name]]))}
<h2>${copy.customers.messages}</h2>
${asks.map((ask) => messageView(frame, ask))}`,
  });
};

/** A customer across their orders, by the opaque id: every ask, answer, case and review. */
export const customerPage = (frame: ConsoleFrame, timeline: CustomerTimelineView, orderNames: ReadonlyMap<string, string>): string => {
  const { copy } = frame;
  return consolePage(frame, {
    title: `${copy.customers.customer} ${timeline.customerId}`,
    section: 'customers',
    body: html`<h1>${copy.customers.customer} ${timeline.customerId}</h1>
<ul>${timeline.orders.map((orderId) => html`<li><a href="/console/orders/${encodeURIComponent(orderId)}">${orderNames.get(orderId) ?? orderId}</a></li>`)}</ul>
<h2>${copy.customers.timeline}</h2>
${timelineTable(frame, timeline.timeline, orderNames)}`,
  });
};
