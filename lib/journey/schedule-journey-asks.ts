import { randomUUID } from 'node:crypto';
import type { OrderEvent } from '../../events/order-event.ts';
import type { Logger } from '../logger.ts';
import type { OrderEventReaction } from '../orders/order-event-reaction.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { OutreachRepository } from '../store/outreach-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { journeyTriggerOf } from '../tenants/settings.ts';
import { planFeedbackRequest } from './plan-feedback-request.ts';

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
 * The orders function's journey step: from each stored order event, schedule the feedback request
 * (trigger + delay, or the fallback after fulfilment) or withdraw the order's pending asks.
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
  const { journey } = tenant.settings;
  const rules = {
    trigger: journeyTriggerOf(tenant.settings, tenant.platform),
    feedbackDelayDays: journey.feedbackDelayDays,
    fallbackDaysAfterFulfilled: journey.fallbackDaysAfterFulfilled,
  };
  const moment = { kind: event.kind, occurredAt: new Date(event.occurredAt) };
  // Most events (placed, paid) need nothing: decide that before asking the store anything.
  const firstLook = planFeedbackRequest(moment, { cancelledOrRefunded: false }, rules);
  if (firstLook.action === 'none') return;
  if (firstLook.action === 'withdraw') {
    const withdrawn = await deps.outreach.withdrawPending(event.tenantId, event.order.id, firstLook.reason);
    if (withdrawn > 0) deps.logger.info('pending asks withdrawn', { tenantId: event.tenantId, orderId: event.order.id, withdrawn, reason: firstLook.reason });
    return;
  }
  const plan = planFeedbackRequest(moment, { cancelledOrRefunded: await deps.orders.wasCalledOff(event.tenantId, event.order.id) }, rules);
  if (plan.action !== 'schedule') return;
  await deps.outreach.schedule({
    id: newId(),
    tenantId: event.tenantId,
    orderId: event.order.id,
    // The stored order's customer: a partial event (a Shopify fulfilment) may not name one.
    customerKey: (await deps.orders.customerKeyOf(event.tenantId, event.order.id)) ?? event.customer.key,
    kind: 'feedback_request',
    dedupeKey: orderAskKey(event.order.id, 'feedback_request'),
    journeyAt: plan.journeyAt,
    fixedTime: false,
    basis: plan.basis,
  });
};
