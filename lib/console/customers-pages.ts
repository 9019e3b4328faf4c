import { html } from '../pages/html.ts';
import type { OrderAsk, OrderMatch } from '../store/console-repository.ts';
import type { StoredOrder, StoredOrderEvent } from '../store/order-repository.ts';
import { consolePage, csrfField, type ConsoleFrame } from './console-layout.ts';

const at = (instant: Date | null) => (instant ? instant.toISOString().slice(0, 16).replace('T', ' ') : '–');

/** Links in a message are the customer's (their feedback page, their unsubscribe): staff see that one was there, never follow it. */
const withoutLinks = (text: string) => text.replace(/https?:\/\/\S+/g, '[link]');

/** Search by order number, order id or email (POSTed: an email never goes in a URL). */
export const customersPage = (frame: ConsoleFrame, results: readonly OrderMatch[] | null, query = ''): string => {
  const { copy } = frame;
  return consolePage(frame, {
    title: copy.customers.heading,
    section: 'customers',
    body: html`<h1>${copy.customers.heading}</h1>
<form method="post" action="/console/customers">${csrfField(frame)}
<label for="q">${copy.customers.query}</label><input id="q" name="q" type="text" value="${query}" required maxlength="200">
<button type="submit">${copy.customers.search}</button></form>
${results === null
  ? ''
  : results.length === 0
    ? html`<p>${copy.customers.none}</p>`
    : html`<ul>${results.map((match) => html`<li><a href="/console/orders/${encodeURIComponent(match.orderId)}">${match.orderNumber ?? match.orderId}</a> · ${match.kind} · ${at(match.stateAt)}</li>`)}</ul>`}`,
  });
};

/** One order: its events, and every ask about it with its state and reason and the message it sent (links disabled). */
export const orderPage = (frame: ConsoleFrame, order: StoredOrder, events: readonly StoredOrderEvent[], asks: readonly OrderAsk[]): string => {
  const { copy } = frame;
  return consolePage(frame, {
    title: order.orderNumber ?? order.orderId,
    section: 'customers',
    body: html`<h1>${order.orderNumber ?? order.orderId}</h1>
<p>${order.kind} · ${order.currency ?? ''} ${order.total ?? ''} · ${order.items.map((item) => item.title).join(', ')}</p>
<h2>${copy.customers.timeline}</h2>
<div class="table"><table><thead><tr><th>when</th><th>what</th><th>state</th><th>why</th></tr></thead><tbody>
${events.map((event) => html`<tr><td>${at(event.occurredAt)}</td><td>order ${event.kind}</td><td>${event.source}</td><td></td></tr>`)}
${asks.map((ask) => html`<tr data-ask="${ask.kind}"><td>${at(ask.sentAt ?? ask.dueAt)}</td><td>${ask.kind}${ask.channel ? ` (${ask.channel})` : ''}</td><td>${ask.state}</td><td>${ask.reason ?? ''}</td></tr>`)}
</tbody></table></div>
<h2>${copy.customers.messages}</h2>
${asks.filter((ask) => ask.message).map(
      (ask) => html`<h3>${ask.kind}${ask.message?.subject ? `: ${ask.message.subject}` : ''}</h3><pre>${withoutLinks(ask.message?.text ?? '')}</pre>`,
    )}`,
  });
};
