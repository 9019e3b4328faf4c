import type { OrderKind } from '../../events/order-event.ts';

/**
 * When to make an ask that follows the journey trigger (the feedback request, the public review
 * invitation), from one lifecycle event (pure; event time, never arrival time). The trigger is the
 * tenant's (fulfilled, delivered or completed); when it never comes, `fulfilled` + N days asks
 * anyway. A cancel or full refund withdraws every pending ask.
 */
export type JourneyTrigger = 'fulfilled' | 'delivered' | 'completed';

export type TriggeredAskPlan =
  | { readonly action: 'schedule'; readonly basis: 'trigger' | 'fallback'; readonly journeyAt: Date }
  | { readonly action: 'withdraw'; readonly reason: string }
  | { readonly action: 'none' };

export interface TriggeredAskRules {
  readonly trigger: JourneyTrigger;
  /** Days after the trigger to ask (0: at the trigger). */
  readonly delayDays: number;
  readonly fallbackDaysAfterFulfilled: number;
  /**
   * How much later than the feedback request this ask comes (the invitation: reviews.delayDays −
   * journey.feedbackDelayDays). The fallback stands for the feedback request's moment, so an ask
   * planned from it keeps the same distance from the feedback request as on the trigger's path.
   */
  readonly daysAfterFeedback?: number;
}

const DAY_MS = 86_400_000;
const addDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS);

/** Kinds that mean the trigger has been reached: a delivery implies the order was fulfilled, and so on. */
const REACHES: Readonly<Record<JourneyTrigger, ReadonlySet<OrderKind>>> = {
  fulfilled: new Set(['fulfilled', 'delivered', 'completed']),
  delivered: new Set(['delivered']),
  completed: new Set(['completed', 'delivered']),
};

export const WITHDRAWING_KINDS: ReadonlySet<OrderKind> = new Set(['cancelled', 'refunded']);

const fromFallback = (fulfilledAt: Date, rules: TriggeredAskRules): TriggeredAskPlan => ({
  action: 'schedule',
  basis: 'fallback',
  journeyAt: addDays(fulfilledAt, rules.fallbackDaysAfterFulfilled + (rules.daysAfterFeedback ?? 0)),
});

export const planTriggeredAsk = (
  event: { readonly kind: OrderKind; readonly occurredAt: Date },
  order: {
    readonly cancelledOrRefunded: boolean;
    /** When the order was first fulfilled (by event time), where the store knows it. */
    readonly fulfilledAt?: Date | null;
  },
  rules: TriggeredAskRules,
): TriggeredAskPlan => {
  if (WITHDRAWING_KINDS.has(event.kind)) return { action: 'withdraw', reason: `order ${event.kind}` };
  // An earlier cancel or refund (by event time or arrival) settles it: an order that was
  // called off is never asked about, whatever arrives after.
  if (order.cancelledOrRefunded) return { action: 'none' };
  if (REACHES[rules.trigger].has(event.kind)) {
    // A trigger that comes only after the fallback point (a parcel delivered weeks late) finds the
    // journey already under way from fulfilment: the journey point stays the fallback, so the
    // invitation keeps the same distance from the feedback request as for everyone else.
    const fulfilledAt = rules.trigger === 'fulfilled' ? null : (order.fulfilledAt ?? null);
    if (fulfilledAt && event.occurredAt.getTime() >= addDays(fulfilledAt, rules.fallbackDaysAfterFulfilled).getTime()) return fromFallback(fulfilledAt, rules);
    return { action: 'schedule', basis: 'trigger', journeyAt: addDays(event.occurredAt, rules.delayDays) };
  }
  if (event.kind === 'fulfilled') return fromFallback(event.occurredAt, rules);
  return { action: 'none' };
};
