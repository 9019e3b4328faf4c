import { randomUUID } from 'node:crypto';
import type { OrderEvent } from '../../events/order-event.ts';
import type { Logger } from '../logger.ts';
import type { OrderEventReaction } from '../orders/order-event-reaction.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { OutreachRepository } from '../store/outreach-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { journeyTriggerOf, type TenantSettings } from '../tenants/settings.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { isFixedTime, type AskKind } from './ask-kinds.ts';
import { planTriggeredAsk, type TriggeredAskPlan } from './plan-triggered-ask.ts';

export interface JourneyDeps {
  readonly outreach: Pick<OutreachRepository, 'schedule' | 'withdrawPending'>;
  readonly orders: Pick<OrderRepository, 'wasCalledOff' | 'customerKeyOf'>;
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly logger: Logger;
  readonly newId?: () => string;
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

/**
 * The orders function's journey step: from each stored order event, schedule the asks that follow
 * the trigger (or the fallback after fulfilment), or withdraw the order's pending asks.
 */
export const scheduleJourneyAsks =
  (deps: JourneyDeps): OrderEventReaction =>
  async (events) => {
    const newId = deps.newId ?? (() => `out_${randomUUID()}`);
    for (const event of events) await planOne(event, deps, newId);
  };

const planOne = async (event: OrderEvent, deps: JourneyDeps, newId: () => string) => {
  const tenant = await deps.tenants.findById(event.tenantId);
  if (!tenant) return; // the orders step dead-letters events of unknown tenants
  const moment = { kind: event.kind, occurredAt: new Date(event.occurredAt) };
  const rulesFor = (delayDays: number) => ({
    trigger: journeyTriggerOf(tenant.settings, tenant.platform),
    delayDays,
    fallbackDaysAfterFulfilled: tenant.settings.journey.fallbackDaysAfterFulfilled,
  });
  // Most events (placed, paid) need nothing: decide that before asking the store anything.
  const firstLook = planTriggeredAsk(moment, { cancelledOrRefunded: false }, rulesFor(0));
  if (firstLook.action === 'none') return;
  if (firstLook.action === 'withdraw') {
    const withdrawn = await deps.outreach.withdrawPending(event.tenantId, event.order.id, firstLook.reason);
    if (withdrawn > 0) deps.logger.info('pending asks withdrawn', { tenantId: event.tenantId, orderId: event.order.id, withdrawn, reason: firstLook.reason });
    return;
  }
  const calledOff = { cancelledOrRefunded: await deps.orders.wasCalledOff(event.tenantId, event.order.id) };
  // The stored order's customer: a partial event (a Shopify fulfilment) may not name one.
  const customerKey = (await deps.orders.customerKeyOf(event.tenantId, event.order.id)) ?? event.customer.key;
  for (const ask of triggeredAsks(tenant.settings)) {
    const plan = planTriggeredAsk(moment, calledOff, rulesFor(ask.delayDays));
    if (plan.action === 'schedule') await schedule(deps, tenant, event, customerKey, ask.kind, plan, newId);
  }
};

const schedule = (
  deps: JourneyDeps,
  tenant: Tenant,
  event: OrderEvent,
  customerKey: string,
  kind: AskKind,
  plan: Extract<TriggeredAskPlan, { action: 'schedule' }>,
  newId: () => string,
) =>
  deps.outreach.schedule({
    id: newId(),
    tenantId: tenant.id,
    orderId: event.order.id,
    customerKey,
    kind,
    dedupeKey: orderAskKey(event.order.id, kind),
    journeyAt: plan.journeyAt,
    fixedTime: isFixedTime(kind),
    basis: plan.basis,
  });
