import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeCase } from '../../lib/recovery/change-case.ts';
import { recordRecoverySignal } from '../../lib/recovery/record-signal.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import { TenantSettingsSchema } from '../../lib/tenants/settings.ts';
import { orderEventFactory } from '../support/kafka-records.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { feedbackOrigin, recoverySignalFactory } from '../support/recovery-signals.ts';
import { createTestContext } from '../support/test-context.ts';

/** Triage onto cases against real PostgreSQL: one open case per customer and order, and fairness. */
describe('recovery cases in the store', () => {
  let database: TestDatabase;
  let context: AppContext;
  const clock = { now: new Date('2026-11-23T10:00:00Z') };
  const settings = TenantSettingsSchema.parse({ recovery: { perCustomerCap: { signals: 3, windowHours: 24 } } }).recovery;

  beforeAll(async () => {
    database = await createTestDatabase('recovery_cases');
    context = await createTestContext({ DATABASE_URL: database.url }, [{ id: 'acme', platform: 'shopify', webhookSecret: 'secret' }]);
  });
  afterAll(async () => {
    await context?.close();
    await database?.drop();
  });

  const record = (signal: ReturnType<typeof recoverySignalFactory>) =>
    recordRecoverySignal(signal, { settings, messageId: null }, { cases: context.recoveryCases, clock: () => clock.now });
  const signalFor = (customer: string, orderId: string | null, n: number, changes: Parameters<typeof recoverySignalFactory>[0] = {}) =>
    recoverySignalFactory({
      signalId: `feedback:${customer}:${orderId}:${n}`,
      orderId,
      customer: { key: customer },
      occurredAt: clock.now.toISOString(),
      ...changes,
    });

  it('signals about one customer and order join one case: highest severity and priority, earliest SLA, every category', async () => {
    // Prepare
    const first = signalFor('c:merge', '9001', 1, { issues: ['delivery_delay'] });
    const second = signalFor('c:merge', '9001', 2, { issues: ['damaged'] });
    // Act
    const opened = await record(first);
    const joined = await record(second);
    // Assess
    expect(opened.signal.effect).toBe('opened');
    expect(joined.signal.effect).toBe('escalated');
    expect(joined.case.id).toBe(opened.case.id);
    expect(joined.case).toMatchObject({ severity: 'high', signalCount: 2, categories: ['delivery_delay', 'damaged'], state: 'open' });
    expect(joined.case.priority).toBeGreaterThanOrEqual(opened.case.priority);
    expect(joined.case.slaDueAt.getTime()).toBeLessThan(opened.case.slaDueAt.getTime());
    expect(joined.case.remedies).toEqual([
      { category: 'delivery_delay', remedy: 'discount_code' },
      { category: 'damaged', remedy: 'reship' },
    ]);
  });

  it('a redelivered signal is recognised: nothing changes', async () => {
    // Prepare
    const signal = signalFor('c:redeliver', '9002', 1);
    const first = await record(signal);
    // Act
    const again = await record(signal);
    // Assess
    expect(again.outcome).toBe('duplicate');
    expect(again.case).toEqual(first.case);
    expect(await context.recoveryCases.signalsOf('acme', first.case.id)).toHaveLength(1);
  });

  it('another order opens another case; after resolution the same order opens a new one', async () => {
    // Prepare
    const first = await record(signalFor('c:orders', '9003', 1));
    // Act
    const otherOrder = await record(signalFor('c:orders', '9004', 1));
    await changeCase('acme', first.case.id, { state: 'resolved', outcome: { resolution: 'put_right', remedies: ['reship'] } }, {
      cases: context.recoveryCases,
      followUps: context.followUps,
      helpdesk: context.helpdeskUpdates,
      clock: () => clock.now,
    });
    const afterResolution = await record(signalFor('c:orders', '9003', 2));
    // Assess
    expect(otherOrder.case.id).not.toBe(first.case.id);
    expect(afterResolution.case.id).not.toBe(first.case.id);
    expect(afterResolution.signal.effect).toBe('opened');
    // the earlier cases count as history
    expect(afterResolution.signal.triage.factors.history).toBeGreaterThan(0);
  });

  it('concurrent signals for a new customer and order open exactly one case', async () => {
    // Act
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => record(signalFor('c:race', '9005', n))));
    // Assess
    expect(new Set(results.map((result) => result.case.id)).size).toBe(1);
    expect(results.filter((result) => result.signal.effect === 'opened')).toHaveLength(1);
    expect((await context.recoveryCases.find('acme', results[0]?.case.id ?? ''))?.signalCount).toBe(5);
  });

  it('the per-customer cap: past 3 signals in a day, further ones join without raising priority or notifying anyone', async () => {
    // Prepare: three signals within the window, the last one raising the case to high
    for (const n of [1, 2]) await record(signalFor('c:stream', '9006', n, { issues: ['delivery_delay'] }));
    const third = await record(signalFor('c:stream', '9006', 3, { issues: ['damaged'] }));
    // Act: a fourth, urgent in words, from the same customer
    const fourth = await record(signalFor('c:stream', '9006', 4, { issues: ['safety'], origin: feedbackOrigin('It caught fire!!') }));
    // Assess
    expect(third.signal.effect).toBe('escalated');
    expect(fourth.signal).toMatchObject({ effect: 'capped', helpdesk: 'skipped', chat: 'skipped' });
    expect(fourth.signal.triage.severity).toBe('urgent'); // seen and kept on the case…
    expect(fourth.case).toMatchObject({ severity: 'high', priority: third.case.priority, signalCount: 4 }); // …but nothing raised
    // another customer is untouched by this one's stream
    const other = await record(signalFor('c:quiet', '9007', 1, { issues: ['damaged'] }));
    expect(other.signal).toMatchObject({ effect: 'opened', helpdesk: 'pending', chat: 'pending' });
  });

  it('the cap counts only the window: a day later the same customer is heard again', async () => {
    // Prepare
    for (const n of [1, 2, 3]) await record(signalFor('c:later', '9008', n));
    // Act
    clock.now = new Date(clock.now.getTime() + 25 * 3_600_000);
    const nextDay = await record(signalFor('c:later', '9008', 4, { issues: ['legal_threat'] }));
    // Assess
    expect(nextDay.signal.effect).toBe('escalated');
    expect(nextDay.case.severity).toBe('urgent');
  });

  it('customer value comes from their orders in the store: a big spender ranks above a first-time buyer', async () => {
    // Prepare: c:vip has three orders worth 1,500 in all
    for (const n of [1, 2, 3]) {
      await context.orders.record(
        orderEventFactory({
          eventId: `vip-${n}`,
          orderId: `vip-${n}`,
          customer: { ...orderEventFactory().customer, key: 'c:vip' },
          order: { ...orderEventFactory().order, id: `vip-${n}`, total: '500.00' },
        }),
        'test',
      );
    }
    // Act
    const vip = await record(signalFor('c:vip', 'vip-3', 1, { issues: ['damaged'] }));
    const newcomer = await record(signalFor('c:newcomer', '9010', 1, { issues: ['damaged'] }));
    // Assess
    expect(vip.signal.triage.factors).toMatchObject({ loyalty: 4 });
    expect(vip.signal.triage.factors.value).toBeGreaterThan(newcomer.signal.triage.factors.value);
    expect(vip.case.priority).toBeGreaterThan(newcomer.case.priority);
  });
});
