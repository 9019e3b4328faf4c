import { describe, expect, it } from 'vitest';
import { planTriggeredAsk, type TriggeredAskRules } from '../../lib/journey/plan-triggered-ask.ts';
import { journeyTriggerOf, TenantSettingsSchema } from '../../lib/tenants/settings.ts';

const at = (iso: string) => new Date(iso);
const rules = (overrides: Partial<TriggeredAskRules> = {}): TriggeredAskRules => ({
  trigger: 'delivered',
  delayDays: 3,
  fallbackDaysAfterFulfilled: 14,
  ...overrides,
});
const open = { cancelledOrRefunded: false };

describe('planTriggeredAsk', () => {
  it('asks at the trigger time plus the delay, by event time', () => {
    const plan = planTriggeredAsk({ kind: 'delivered', occurredAt: at('2026-11-02T10:00:00Z') }, open, rules());
    expect(plan).toEqual({ action: 'schedule', basis: 'trigger', journeyAt: at('2026-11-05T10:00:00Z') });
  });

  it('a delay of 0 asks at the trigger itself', () => {
    const plan = planTriggeredAsk({ kind: 'completed', occurredAt: at('2026-11-02T10:00:00Z') }, open, rules({ trigger: 'completed', delayDays: 0 }));
    expect(plan).toEqual({ action: 'schedule', basis: 'trigger', journeyAt: at('2026-11-02T10:00:00Z') });
  });

  it('fulfilment schedules the fallback when the trigger is later in the journey', () => {
    const plan = planTriggeredAsk({ kind: 'fulfilled', occurredAt: at('2026-11-01T00:00:00Z') }, open, rules());
    expect(plan).toEqual({ action: 'schedule', basis: 'fallback', journeyAt: at('2026-11-15T00:00:00Z') });
  });

  it('an ask that comes later than the feedback request keeps that distance when planned from the fallback', () => {
    // Feedback at day 3, invitation at day 7 after a trigger: from the fallback (fulfilment + 14
    // days, the feedback request's moment) the invitation comes 4 days after it, not with it.
    const plan = planTriggeredAsk({ kind: 'fulfilled', occurredAt: at('2026-11-01T00:00:00Z') }, open, rules({ delayDays: 7, daysAfterFeedback: 4 }));
    expect(plan).toEqual({ action: 'schedule', basis: 'fallback', journeyAt: at('2026-11-19T00:00:00Z') });
  });

  it('a trigger that comes only after the fallback point keeps the journey on the fallback', () => {
    // Prepare: fulfilled on 1 November; the feedback request went from the fallback (15 November)
    const fulfilled = { cancelledOrRefunded: false, fulfilledAt: at('2026-11-01T00:00:00Z') };
    const invitation = rules({ delayDays: 7, daysAfterFeedback: 4 });
    // Act: the parcel is reported delivered on 17 November, and (in time) on 10 November
    const late = planTriggeredAsk({ kind: 'delivered', occurredAt: at('2026-11-17T00:00:00Z') }, fulfilled, invitation);
    const inTime = planTriggeredAsk({ kind: 'delivered', occurredAt: at('2026-11-10T00:00:00Z') }, fulfilled, invitation);
    // Assess: late, the invitation stays 4 days after the feedback request; in time, the trigger decides
    expect(late).toEqual({ action: 'schedule', basis: 'fallback', journeyAt: at('2026-11-19T00:00:00Z') });
    expect(inTime).toEqual({ action: 'schedule', basis: 'trigger', journeyAt: at('2026-11-17T00:00:00Z') });
  });

  it('a delivery reaches a `fulfilled` trigger, and a `completed` one', () => {
    for (const trigger of ['fulfilled', 'completed'] as const) {
      const plan = planTriggeredAsk({ kind: 'delivered', occurredAt: at('2026-11-01T00:00:00Z') }, open, rules({ trigger }));
      expect(plan).toMatchObject({ action: 'schedule', basis: 'trigger' });
    }
  });

  it.each(['placed', 'paid', 'partially_refunded'] as const)('%s asks nothing', (kind) => {
    expect(planTriggeredAsk({ kind, occurredAt: at('2026-11-01T00:00:00Z') }, open, rules())).toEqual({ action: 'none' });
  });

  it.each(['cancelled', 'refunded'] as const)('%s withdraws every pending ask', (kind) => {
    expect(planTriggeredAsk({ kind, occurredAt: at('2026-11-01T00:00:00Z') }, open, rules())).toEqual({
      action: 'withdraw',
      reason: `order ${kind}`,
    });
  });

  it('an order cancelled or refunded before is never asked about, whatever arrives after', () => {
    const plan = planTriggeredAsk({ kind: 'delivered', occurredAt: at('2026-11-09T00:00:00Z') }, { cancelledOrRefunded: true }, rules());
    expect(plan).toEqual({ action: 'none' });
  });
});

describe('the default trigger', () => {
  const defaults = TenantSettingsSchema.parse({});
  it('is `delivered` for Shopify (it reports delivery on fulfilments), `completed` elsewhere', () => {
    expect(journeyTriggerOf(defaults, 'shopify')).toBe('delivered');
    expect(journeyTriggerOf(defaults, 'woocommerce')).toBe('completed');
    expect(journeyTriggerOf(defaults, 'bigcommerce')).toBe('completed');
  });
  it('follows the tenant when set', () => {
    const settings = TenantSettingsSchema.parse({ journey: { trigger: 'fulfilled' } });
    expect(journeyTriggerOf(settings, 'shopify')).toBe('fulfilled');
  });
});
