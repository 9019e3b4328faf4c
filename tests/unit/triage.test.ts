import { describe, expect, it } from 'vitest';
import { triageSignal, NO_HISTORY, type CustomerHistory } from '../../lib/recovery/triage.ts';
import { TenantSettingsSchema } from '../../lib/tenants/settings.ts';
import { feedbackOrigin, recoverySignalFactory } from '../support/recovery-signals.ts';

const settings = TenantSettingsSchema.parse({ recovery: { businessHours: { timeZone: 'UTC' } } }).recovery;
// Monday 23 November 2026, 10:00 UTC: inside business hours
const now = new Date('2026-11-23T10:00:00Z');
const signalAt = (changes: Parameters<typeof recoverySignalFactory>[0]) =>
  recoverySignalFactory({ occurredAt: '2026-11-23T09:00:00.000Z', ...changes });
const historyFactory = (changes: Partial<CustomerHistory> = {}): CustomerHistory => ({ ...NO_HISTORY, ...changes });

describe('triage', () => {
  it.each([
    ['urgent', 'a safety issue', signalAt({ issues: ['safety'], origin: feedbackOrigin('The charger got hot') })],
    ['urgent', 'a legal threat', signalAt({ issues: ['legal_threat'], origin: feedbackOrigin('See you in court') })],
    ['urgent', 'a chargeback named in words only', signalAt({ issues: [], origin: feedbackOrigin('Refund me or I file a chargeback') })],
    ['urgent', 'an injury named in a review', signalAt({ issues: [], origin: { kind: 'review', platform: 'trustpilot', reviewId: 'r1', rating: { value: 1, scale: 'stars' }, title: 'Dangerous', text: 'My son was burned by it', url: null } })],
    ['high', 'damage', signalAt({ issues: ['damaged'] })],
    ['high', 'a lost parcel', signalAt({ issues: ['lost_or_not_received'] })],
    ['high', 'a wrong item', signalAt({ issues: ['wrong_or_missing_item'] })],
    ['high', 'a refund problem', signalAt({ issues: ['billing_refund'] })],
    ['high', 'an order the shop cancelled', signalAt({ issues: [], origin: { kind: 'order', eventId: 'e1', failure: 'cancelled_by_merchant', detail: 'inventory' } })],
    ['normal', 'a late delivery', signalAt({ issues: ['delivery_delay'] })],
    ['normal', 'a plainly unhappy score', signalAt({ issues: [], origin: feedbackOrigin(null, 'unhappy') })],
    ['normal', 'a negative review without details', signalAt({ issues: [], origin: { kind: 'review', platform: 'first_party', reviewId: 'r2', rating: { value: 2, scale: 'stars' }, title: null, text: 'Meh', url: null } })],
    ['low', 'neutral feedback with no problem named', signalAt({ issues: [], origin: feedbackOrigin('It was fine', 'neutral') })],
  ] as const)('%s: %s', (severity, _what, signal) => {
    // Act
    const triage = triageSignal(signal, NO_HISTORY, settings, now);
    // Assess
    expect(triage.severity).toBe(severity);
  });

  it('suggests a remedy per category, and the SLA of the severity in business hours', () => {
    // Prepare
    const signal = signalAt({ issues: ['damaged', 'delivery_delay'] });
    // Act
    const triage = triageSignal(signal, NO_HISTORY, settings, now);
    // Assess
    expect(triage.categories).toEqual(['delivery_delay', 'damaged']);
    expect(triage.remedies).toEqual([
      { category: 'delivery_delay', remedy: 'discount_code' },
      { category: 'damaged', remedy: 'reship' },
    ]);
    // high: 8 business hours from Monday 10:00 (09:00–17:00): 7 on Monday, 1 on Tuesday
    expect(triage.severity).toBe('high');
    expect(triage.slaDueAt.toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });

  it('an urgent case outranks any customer’s normal one; within a severity, value, loyalty and history raise priority', () => {
    // Prepare
    const normal = signalAt({ issues: ['delivery_delay'] });
    const urgent = signalAt({ issues: ['safety'] });
    const loyal = historyFactory({ orderCount: 12, totalSpent: 5000, previousCases: 2 });
    // Act
    const newcomerNormal = triageSignal(normal, NO_HISTORY, settings, now).priority;
    const loyalNormal = triageSignal(normal, loyal, settings, now).priority;
    const newcomerUrgent = triageSignal(urgent, NO_HISTORY, settings, now).priority;
    // Assess
    expect(loyalNormal).toBeGreaterThan(newcomerNormal);
    expect(newcomerUrgent).toBeGreaterThan(loyalNormal);
  });

  it('a fresh problem ranks above the same problem reported a month late', () => {
    const fresh = triageSignal(signalAt({ issues: ['damaged'] }), NO_HISTORY, settings, now);
    const stale = triageSignal(signalAt({ issues: ['damaged'], occurredAt: '2026-10-01T09:00:00.000Z' }), NO_HISTORY, settings, now);
    expect(fresh.priority).toBeGreaterThan(stale.priority);
    expect(stale.factors.recency).toBe(0);
  });
});
