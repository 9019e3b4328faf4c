import { describe, expect, it } from 'vitest';
import type { IssueCategory } from '../../events/feedback-scale.ts';
import { RecoverySignalSchema, upgradeRecoverySignal, type OrderFailureV2 } from '../../events/recovery-signal.ts';
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
    ['high', 'an order the shop cancelled', signalAt({ issues: [], origin: { kind: 'order', eventId: 'e1', failure: 'cancelled_by_merchant', detail: 'inventory', amounts: null } })],
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

describe('triage by what happened to the order (RecoverySignal v2)', () => {
  const orderSignal = (failure: OrderFailureV2, amounts: { orderTotal: string | null; refundedTotal: string | null } | null = null, issues: IssueCategory[] = []) =>
    signalAt({
      signalId: `order:1:${failure}`,
      issues,
      origin: { kind: 'order', eventId: 'e1', failure, detail: null, amounts: amounts ? { currency: 'EUR', ...amounts } : null },
    });
  const triaged = (signal: ReturnType<typeof orderSignal>, overrides: Record<string, unknown> = {}) =>
    triageSignal(signal, historyFactory({ orderCount: 1, totalSpent: 80 }), { ...settings, ...overrides }, now);

  it.each([
    ['cancelled_by_merchant', null, 'high', 'order_cancelled', 'discount_code'],
    ['cancelled_by_customer', null, 'low', 'customer_cancelled', 'ask_why'],
    ['cancelled_unknown', null, 'normal', 'cancellation_unverified', 'check_order'],
    ['refunded_full', { orderTotal: '80.00', refundedTotal: '80.00' }, 'normal', 'refund_given', 'apology'],
    ['refunded_partial', { orderTotal: '80.00', refundedTotal: '8.00' }, 'low', 'small_refund', 'apology'],
    ['refunded_partial', { orderTotal: '80.00', refundedTotal: '40.00' }, 'normal', 'partial_refund', 'apology'],
    ['refunded_partial', null, 'normal', 'partial_refund', 'apology'],
    ['delivery_failed', null, 'high', 'lost_or_not_received', 'reship'],
  ] as const)('%s (%o): %s, %s, suggests %s', (failure, amounts, severity, category, remedy) => {
    // Act
    const triage = triaged(orderSignal(failure, amounts));
    // Assess
    expect(triage.severity).toBe(severity);
    expect(triage.categories).toEqual([category]);
    expect(triage.remedies).toEqual([{ category, remedy }]);
  });

  it('never suggests a refund for an order already refunded in full, whatever else the customer names', () => {
    // Prepare: the refund and the customer's complaint about a faulty product and the refund, on one case
    const signal = orderSignal('refunded_full', { orderTotal: '80.00', refundedTotal: '80.00' }, ['product_defect', 'billing_refund']);
    // Act
    const triage = triaged(signal);
    // Assess
    expect(triage.remedies.map((entry) => entry.remedy)).not.toContain('refund');
    expect(triage.remedies).toEqual(expect.arrayContaining([{ category: 'billing_refund', remedy: 'check_order' }]));
  });

  it('a small refund is below the tenant’s share of the order: 20 % by default, the setting moves it', () => {
    // Prepare
    const quarter = orderSignal('refunded_partial', { orderTotal: '100.00', refundedTotal: '25.00' });
    // Act
    const byDefault = triaged(quarter);
    const wider = triaged(quarter, { smallRefundShare: 0.3 });
    // Assess
    expect(byDefault.categories).toEqual(['partial_refund']);
    expect(wider.categories).toEqual(['small_refund']);
    expect(wider.severity).toBe('low');
  });

  it('priorities spread by what happened, for one and the same customer, in a meaningful order', () => {
    // Prepare
    const failures = [
      orderSignal('delivery_failed'),
      orderSignal('cancelled_by_merchant'),
      orderSignal('cancelled_unknown'),
      orderSignal('refunded_full', { orderTotal: '80.00', refundedTotal: '80.00' }),
      orderSignal('refunded_partial', { orderTotal: '80.00', refundedTotal: '4.00' }),
      orderSignal('cancelled_by_customer'),
    ];
    // Act
    const priorities = failures.map((signal) => triaged(signal).priority);
    // Assess: every kind its own priority, strictly in this order
    expect(new Set(priorities).size).toBe(failures.length);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
  });

  it('reads a v1 signal as v2: a v1 refund is told apart by its detail', () => {
    // Prepare
    const v1 = { ...signalAt({ issues: [] }), version: 1 as const, origin: { kind: 'order' as const, eventId: 'e1', failure: 'refunded' as const, detail: 'partial refund of 5.00 EUR' } };
    const { orderNumber: _dropped, ...withoutNumber } = v1 as typeof v1 & { orderNumber?: string };
    // Act
    const upgraded = upgradeRecoverySignal(RecoverySignalSchema.parse(withoutNumber));
    // Assess
    expect(upgraded).toMatchObject({ version: 2, orderNumber: null, origin: { failure: 'refunded_partial', amounts: null } });
    expect(triageSignal(upgraded, NO_HISTORY, settings, now).categories).toEqual(['partial_refund']);
  });
});
