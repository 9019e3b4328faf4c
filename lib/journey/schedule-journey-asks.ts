import { randomUUID } from 'node:crypto';
import type { OrderEvent } from '../../events/order-event.ts';
import type { Logger } from '../logger.ts';
import type { OrderEventReaction } from '../orders/order-event-reaction.ts';
import { journeyFactKey } from '../orders/journey-fact-key.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { AskToSchedule, OutreachRepository } from '../store/outreach-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { journeyTriggerOf, type TenantSettings } from '../tenants/settings.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { isFixedTime, type AskKind } from './ask-kinds.ts';
import { planTriggeredAsk } from './plan-triggered-ask.ts';

export interface JourneyDeps {
  readonly outreach: Pick<OutreachRepository, 'scheduleMany' | 'withdrawPending'>;
  readonly orders: Pick<OrderRepository, 'journeyFacts'>;
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly logger: Logger;
  readonly newId?: () => string;
  /** The orders function's clock: the asks' history records when they were planned or withdrawn by it. */
  readonly clock: () => Date;
}

/** The dedupe key of an order's ask: each order is asked once per kind, ever. */
export const orderAskKey = (orderId: string, kind: string): string => `${orderId}:${kind}`;

/**
 * The asks that follow the journey trigger, with their delays. The public review invitation is
 * planned here from objective facts alone (the trigger and the tenant's destinations), the same
 * way for every customer: feedback and sentiment never reach this code.
 */
const triggeredAsks = (settings: TenantSettings): { kind: AskKind; delayDays: number }[] => [
  { kind: 'feedback_request', delayDays: settings.journey.feedbackDelayDays },
  ...(settings.reviews.destinations.length > 0 ? [{ kind: 'review_invitation' as const, delayDays: settings.reviews.delayDays }] : []),
];

/** The same rule as the store's (SCHEDULE_ASKS), for two plans of one ask within a batch. */
const laterPlanWins = (current: AskToSchedule, next: AskToSchedule): boolean =>
  (current.basis === 'fallback' && next.basis !== 'fallback') || (current.basis === next.basis && next.journeyAt < current.journeyAt);

/**
 * The orders function's journey step: from each stored order event, schedule the asks that follow
 * the trigger (or the fallback after fulfilment), or withdraw the order's pending asks. A batch
 * costs a few statements, not a few per event: the orders' facts are read together and the asks
 * scheduled together.
 */
export const scheduleJourneyAsks =
  (deps: JourneyDeps): OrderEventReaction =>
  async (events, recorded) => {
    const newId = deps.newId ?? (() => `out_${randomUUID()}`);
    const candidates: { event: OrderEvent; tenant: Tenant; moment: { kind: OrderEvent['kind']; occurredAt: Date } }[] = [];
    for (const event of events) {
      const tenant = await deps.tenants.findById(event.tenantId);
      if (!tenant) continue; // the orders step dead-letters events of unknown tenants
      const moment = { kind: event.kind, occurredAt: new Date(event.occurredAt) };
      // Most events (placed, paid) need nothing: decide that before asking the store anything.
      const firstLook = planTriggeredAsk(moment, { cancelledOrRefunded: false }, rulesFor(tenant, 0));
      if (firstLook.action === 'withdraw') {
        const withdrawn = await deps.outreach.withdrawPending(event.tenantId, event.order.id, firstLook.reason, undefined, deps.clock());
        if (withdrawn > 0) deps.logger.info('pending asks withdrawn', { tenantId: event.tenantId, orderId: event.order.id, withdrawn, reason: firstLook.reason });
      } else if (firstLook.action === 'schedule') {
        candidates.push({ event, tenant, moment });
      }
    }
    if (candidates.length === 0) return;
    // The stored order's facts: its customer (a partial event, a Shopify fulfilment, may not name
    // one) and whether any event called it off, whenever that happened or arrived. The statement
    // that stored the batch reports them; read only when it did not (a round trip fewer per batch).
    const facts = recorded?.journeyFacts ?? (await deps.orders.journeyFacts(candidates.map(({ event }) => ({ tenantId: event.tenantId, orderId: event.order.id }))));
    const asks = new Map<string, AskToSchedule>();
    for (const { event, tenant, moment } of candidates) {
      const fact = facts.get(journeyFactKey(event.tenantId, event.order.id));
      for (const { kind, delayDays } of triggeredAsks(tenant.settings)) {
        const plan = planTriggeredAsk(moment, { cancelledOrRefunded: fact?.calledOff ?? false, fulfilledAt: fact?.fulfilledAt ?? null }, rulesFor(tenant, delayDays));
        if (plan.action !== 'schedule') continue;
        const ask: AskToSchedule = {
          id: newId(),
          tenantId: tenant.id,
          orderId: event.order.id,
          customerKey: fact?.customerKey ?? event.customer.key,
          kind,
          dedupeKey: orderAskKey(event.order.id, kind),
          journeyAt: plan.journeyAt,
          fixedTime: isFixedTime(kind),
          basis: plan.basis,
          plannedAt: deps.clock(),
        };
        const key = `${ask.tenantId}\u0000${ask.dedupeKey}`;
        const current = asks.get(key);
        if (!current || laterPlanWins(current, ask)) asks.set(key, ask);
      }
    }
    await deps.outreach.scheduleMany([...asks.values()]);
  };

const rulesFor = (tenant: Tenant, delayDays: number) => ({
  trigger: journeyTriggerOf(tenant.settings, tenant.platform),
  delayDays,
  fallbackDaysAfterFulfilled: tenant.settings.journey.fallbackDaysAfterFulfilled,
  // The invitation planned from the fallback comes as long after the feedback request as after a trigger.
  daysAfterFeedback: Math.max(0, delayDays - tenant.settings.journey.feedbackDelayDays),
});
