import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../events/order-event.ts';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A pending ask of a higher rank holds its place, and the customer's lower-ranked asks are
 * postponed around it. When it ends without being sent, the place is free again: an invitation
 * held back for another order's feedback request goes at the next run once that request is
 * withdrawn (a refund) or skipped (no address), not days later where the held place had put it.
 * Found by the 5 000-customer simulation (seed 1): invitations sent two to four days late.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const START = new Date('2026-03-02T10:00:00.000Z');
const at = (days: number, hours = 0) => new Date(START.getTime() + days * DAY_MS + hours * HOUR_MS);

describe('a place held by an ask that never goes is given back', () => {
  let database: TestDatabase;
  let app: TestApp;
  // The orders function withdraws and plans by the app's clock: a virtual one, as dispatch's
  let now = at(0);
  const tenantId = 'acme';
  const customerOf = (name: string, changes: Partial<OrderEvent['customer']> = {}) => ({ customer: { key: `c:${name}`, id: name, email: `${name}@example.com`, ...changes } });

  beforeAll(async () => {
    database = await createTestDatabase('held_places');
    app = await startTestApp({ DATABASE_URL: database.url, PUBLIC_BASE_URL: 'https://ag.example.com' }, { runSchedules: false, overrides: { clock: () => now } });
    await app.createTenant({ id: tenantId, platform: 'shopify', webhookSecret: 'secret' });
    await changeTenantSettings(tenantId, ['reviews.destinations=[{"type":"google","placeId":"ChIJN1t_tDeuEmsRUsoyG83frY4"}]'], 'test', { tenants: app.context.tenants });
    // Prepare: each customer's order A is delivered on day 0 (feedback request day 3, invitation
    // day 7, 10:00); order B on day 5 at 11:00, so B's feedback request (day 8, 11:00) holds a
    // place 25 hours after A's invitation, which the 48-hour gap pushes to day 10, 11:00.
    await deliverToOrdersFunction([
      lifecycleEvent('A1', 'delivered', at(0).toISOString(), customerOf('refunded')),
      lifecycleEvent('A2', 'delivered', at(0).toISOString(), customerOf('unreachable')),
      lifecycleEvent('B1', 'delivered', at(5, 1).toISOString(), customerOf('refunded')),
      // B2 names no address: its feedback request will be skipped when it falls due
      lifecycleEvent('B2', 'delivered', at(5, 1).toISOString(), customerOf('unreachable', { email: null, phone: null })),
    ]);
    // Act: dispatch every two hours for twelve days; order B1 is refunded in full on day 7 at 12:30
    for (let clock = at(0); clock <= at(12); clock = new Date(clock.getTime() + 2 * HOUR_MS)) {
      now = clock;
      if (clock.getTime() === at(7, 4).getTime()) {
        now = at(7, 2.5);
        const refund = lifecycleEvent('B1', 'refunded', at(7, 2.5).toISOString(), customerOf('refunded'));
        await deliverToOrdersFunction([{ ...refund, order: { ...refund.order, refundedTotal: refund.order.total } }]);
        now = clock;
      }
      await runDispatch(app.context, clock);
    }
  }, 240_000);
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  const invitationOf = async (customer: string, orderId: string) => {
    const asks = await app.context.outreach.forCustomer(tenantId, `c:${customer}`);
    const invitation = asks.find((ask) => ask.kind === 'review_invitation' && ask.orderId === orderId);
    const history = await app.context.outreach.history([invitation?.id ?? '']);
    return { asks, invitation, history };
  };

  it('was held back for the other order\'s feedback request, then goes at the first run after that request is withdrawn by a refund', async () => {
    const { asks, invitation, history } = await invitationOf('refunded', 'A1');
    const blocker = asks.find((ask) => ask.kind === 'feedback_request' && ask.orderId === 'B1');
    expect(blocker).toMatchObject({ state: 'withdrawn' });
    expect(history.find((step) => step.action === 'postponed')).toMatchObject({ blockedBy: blocker?.id, dueAt: at(10, 1) });
    expect(history.find((step) => step.action === 'replanned')).toMatchObject({ at: at(7, 2.5), blockedBy: blocker?.id, reason: expect.stringContaining('is free (withdrawn)') });
    // The refund came at 12:30, the orders function withdrew B1's asks; the 14:00 run sends A1's invitation
    expect(invitation).toMatchObject({ state: 'sent', sentAt: at(7, 4) });
  });

  it('goes at the first run after the other order\'s feedback request is skipped (no address to send it to)', async () => {
    const { asks, invitation, history } = await invitationOf('unreachable', 'A2');
    const blocker = asks.find((ask) => ask.kind === 'feedback_request' && ask.orderId === 'B2');
    expect(blocker).toMatchObject({ state: 'skipped' });
    expect(history.find((step) => step.action === 'postponed')).toMatchObject({ blockedBy: blocker?.id });
    // B2's request fell due at 11:00 and was skipped by the 12:00 run, which freed the place; the
    // invitation, due again from then, goes by the next run at the latest
    expect(history.find((step) => step.action === 'replanned')).toMatchObject({ at: at(8, 2), blockedBy: blocker?.id });
    expect(invitation?.state).toBe('sent');
    expect((invitation?.sentAt as Date).getTime()).toBeLessThanOrEqual(at(8, 4).getTime());
  });

  it('keeps the journey\'s rules when it comes back: the gap to every message, and every ask that ended has its reason', async () => {
    for (const customer of ['refunded', 'unreachable']) {
      const asks = await app.context.outreach.forCustomer(tenantId, `c:${customer}`);
      const sent = asks.filter((ask) => ask.state === 'sent').map((ask) => (ask.sentAt as Date).getTime()).sort((a, b) => a - b);
      for (let index = 1; index < sent.length; index += 1) expect((sent[index] as number) - (sent[index - 1] as number)).toBeGreaterThanOrEqual(48 * HOUR_MS);
      // What is still pending falls due after the last run (A's reminder, B2's invitation)
      for (const pending of asks.filter((ask) => ask.state === 'scheduled' || ask.state === 'sending')) expect(pending.dueAt > at(12), `${customer} ${pending.kind}`).toBe(true);
      for (const ended of asks.filter((ask) => ['skipped', 'withdrawn', 'failed'].includes(ask.state))) expect(ended.outcomeReason, `${customer} ${ended.kind}`).toBeTruthy();
    }
  });
});
