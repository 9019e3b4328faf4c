import { NotFoundError } from '../errors.ts';
import type { Outreach, OutreachHistoryEntry, OutreachRepository } from '../store/outreach-repository.ts';
import type { TimelineFacts, TimelineRepository } from '../store/timeline-repository.ts';

/**
 * An order's or a customer's journey, explained: each ask (kind, channel, planned for, state, sent
 * at, and every step of its history with its reason, naming the ask that took the budget)
 * interleaved with the order events, feedback, cases and reviews. Every time is the time of the
 * clock that did the work (a simulated or replayed run reads back as it ran). No address, name or
 * comment appears: asks show their channel, not the recipient.
 */
export interface AskView {
  readonly id: string;
  readonly kind: string;
  readonly orderId: string | null;
  readonly channel: string | null;
  readonly plannedFor: string;
  readonly dueAt: string;
  readonly state: string;
  readonly sentAt: string | null;
  readonly outcome: { readonly reason: string; readonly cause: string | null } | null;
  readonly postponements: number;
  readonly history: readonly HistoryView[];
}

interface HistoryView {
  readonly at: string;
  readonly action: string;
  readonly reason: string | null;
  readonly dueAt: string | null;
  readonly blockedBy: { readonly askId: string; readonly kind: string | null; readonly orderId: string | null } | null;
}

export type TimelineEntry = { readonly at: string; readonly type: string; readonly orderId: string | null } & Record<string, unknown>;

export interface Timeline {
  readonly asks: readonly AskView[];
  readonly timeline: readonly TimelineEntry[];
}

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

export const buildTimeline = (asks: readonly Outreach[], history: readonly OutreachHistoryEntry[], facts: TimelineFacts, known: ReadonlyMap<string, Outreach>): Timeline => {
  const blocker = (id: string | null) => {
    if (!id) return null;
    const other = known.get(id);
    return { askId: id, kind: other?.kind ?? null, orderId: other?.orderId ?? null };
  };
  const stepsOf = new Map<string, HistoryView[]>();
  for (const step of history) {
    const steps = stepsOf.get(step.outreachId) ?? [];
    steps.push({ at: step.at.toISOString(), action: step.action, reason: step.reason, dueAt: iso(step.dueAt), blockedBy: blocker(step.blockedBy) });
    stepsOf.set(step.outreachId, steps);
  }
  const askViews: AskView[] = asks.map((ask) => ({
    id: ask.id,
    kind: ask.kind,
    orderId: ask.orderId,
    channel: ask.channel,
    plannedFor: ask.journeyAt.toISOString(),
    dueAt: ask.dueAt.toISOString(),
    state: ask.state,
    sentAt: iso(ask.sentAt),
    outcome: ask.outcomeReason && ask.state !== 'sent' ? { reason: ask.outcomeReason, cause: ask.outcomeCause } : null,
    postponements: ask.postponements,
    history: stepsOf.get(ask.id) ?? [],
  }));
  const entries: TimelineEntry[] = [
    ...facts.orderEvents.map((event) => ({ at: event.occurredAt.toISOString(), type: 'order_event', orderId: event.orderId, kind: event.kind, eventId: event.eventId })),
    ...askViews.flatMap((ask) =>
      ask.history.map((step) => ({ at: step.at, type: 'ask', orderId: ask.orderId, askId: ask.id, kind: ask.kind, action: step.action, reason: step.reason, dueAt: step.dueAt, blockedBy: step.blockedBy })),
    ),
    ...facts.feedback.map((answer) => ({
      at: answer.submittedAt.toISOString(),
      type: 'feedback',
      orderId: answer.orderId,
      feedbackId: answer.feedbackId,
      revision: answer.revision,
      stage: answer.stage,
      score: answer.score,
      scale: answer.scale,
      sentiment: answer.sentiment,
      issues: answer.issues,
    })),
    ...facts.cases.flatMap((found) => [
      { at: found.openedAt.toISOString(), type: 'case_opened', orderId: found.orderId, caseId: found.caseId, severity: found.severity, state: found.state },
      ...(found.resolvedAt ? [{ at: found.resolvedAt.toISOString(), type: 'case_resolved', orderId: found.orderId, caseId: found.caseId, resolution: found.resolution }] : []),
    ]),
    ...facts.reviews.map((review) => ({ at: (review.postedAt ?? review.receivedAt).toISOString(), type: 'review', orderId: review.orderId, source: review.source, reviewId: review.reviewId, rating: review.rating })),
  ];
  // Stable: equal times keep the order above (events, then asks, feedback, cases, reviews).
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { asks: askViews, timeline: entries };
};

export interface TimelineDeps {
  readonly outreach: Pick<OutreachRepository, 'forOrder' | 'forCustomer' | 'history'>;
  readonly timelines: TimelineRepository;
}

const assemble = async (deps: TimelineDeps, tenantId: string, asks: readonly Outreach[], scope: { orderIds: readonly string[]; customerKey: string | null }, context: readonly Outreach[]) => {
  const history = await deps.outreach.history(asks.map((ask) => ask.id));
  const facts = await deps.timelines.facts(tenantId, scope);
  return buildTimeline(asks, history, facts, new Map([...context, ...asks].map((ask) => [ask.id, ask])));
};

/** The order's timeline, with the customer's opaque id (the customer's other asks name what took the budget). */
export const orderTimeline = async (deps: TimelineDeps, tenantId: string, orderId: string) => {
  const [owner] = await deps.timelines.orderOwners(orderId, tenantId);
  if (!owner) throw new NotFoundError(`no order ${orderId}`);
  const asks = await deps.outreach.forOrder(tenantId, orderId);
  const customerAsks = await deps.outreach.forCustomer(tenantId, owner.customerKey);
  const customerId = await deps.timelines.customerIdOf(tenantId, owner.customerKey);
  return { orderId, orderNumber: owner.orderNumber, customerId, ...(await assemble(deps, tenantId, asks, { orderIds: [orderId], customerKey: null }, customerAsks)) };
};

/** The customer's timeline across their orders, by the opaque id (never a customer key in a URL). */
export const customerTimeline = async (deps: TimelineDeps, tenantId: string, customerId: string) => {
  const found = await deps.timelines.customerKeyOf(customerId, tenantId);
  if (!found) throw new NotFoundError(`no customer ${customerId}`);
  const asks = await deps.outreach.forCustomer(tenantId, found.customerKey);
  const orderIds = await deps.timelines.ordersOf(tenantId, found.customerKey);
  return { customerId, orders: orderIds, ...(await assemble(deps, tenantId, asks, { orderIds, customerKey: found.customerKey }, asks)) };
};

/** Finds customers by email or phone (given in a request body, never a URL): their opaque ids. */
export const searchCustomers = async (deps: Pick<TimelineDeps, 'timelines'>, tenantId: string, match: { email?: string | null; phone?: string | null }) => {
  const found = await deps.timelines.findCustomers(tenantId, match);
  return Promise.all(
    found.map(async (customer) => ({
      customerId: await deps.timelines.customerIdOf(tenantId, customer.customerKey),
      orders: customer.orders,
      lastOrderAt: iso(customer.lastOrderAt),
    })),
  );
};
