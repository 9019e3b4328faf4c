import { beforeEach, describe, expect, it } from 'vitest';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import type { AppContext } from '../../lib/runtime/app-context.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { useFunctionContext } from '../support/function-context.ts';

/**
 * The journey against real PostgreSQL with a clock the test controls: order events arrive through
 * the orders function, and dispatch runs at chosen times (as `afterglow dispatch --now` does).
 */
describe('journey scheduling and dispatch', () => {
  let context: AppContext;
  let order = 0;
  const nextOrderId = () => `9${String((order += 1)).padStart(18, '0')}`; // 19 digits: above 2^53

  const settings = async (...assignments: string[]) => {
    await changeTenantSettings('acme', assignments, 'test', { tenants: context.tenants });
  };
  const asksOf = (orderId: string) => context.outreach.forOrder('acme', orderId);
  const dispatchAt = (iso: string) => runDispatch(context, new Date(iso));

  useFunctionContext('journey', { env: { PUBLIC_BASE_URL: 'https://feedback.example.com' }, onReady: (built) => void (context = built) });
  beforeEach(async () => {
    // Every test starts with an empty journey and the tenant's defaults, bar quiet hours.
    await context.db.query('DELETE FROM outreach');
    await context.db.query('DELETE FROM suppressions');
    const reset = [{ path: 'shopName', value: 'Acme' }, { path: 'contact.quietHours', value: null }];
    await context.tenants.updateSettings('acme', { changes: reset, actor: 'test reset', replace: true });
  });

  describe('scheduling', () => {
    it('asks once, the tenant delay after delivery, by event time', async () => {
      // Prepare
      const id = nextOrderId();
      // Act
      await deliverToOrdersFunction([lifecycleEvent(id, 'paid', '2026-11-01T10:00:00.000Z'), lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z')]);
      // Assess
      const asks = await asksOf(id);
      expect(asks).toHaveLength(1);
      expect(asks[0]).toMatchObject({ kind: 'feedback_request', state: 'scheduled', basis: 'trigger', customerKey: 'c:1073339470' });
      expect(asks[0]?.journeyAt.toISOString()).toBe('2026-11-07T15:00:00.000Z');
    });

    it('a delay of 0 is allowed: the ask is due at delivery', async () => {
      await settings('journey.feedbackDelayDays=0');
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z')]);
      expect((await asksOf(id))[0]?.dueAt.toISOString()).toBe('2026-11-04T15:00:00.000Z');
    });

    it('fulfilment plans the fallback; the delivery, when it comes, moves the ask to its own time', async () => {
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'fulfilled', '2026-11-01T00:00:00.000Z')]);
      expect((await asksOf(id))[0]).toMatchObject({ basis: 'fallback', journeyAt: new Date('2026-11-15T00:00:00.000Z') });

      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-03T00:00:00.000Z')]);
      const asks = await asksOf(id);
      expect(asks).toHaveLength(1);
      expect(asks[0]).toMatchObject({ basis: 'trigger', journeyAt: new Date('2026-11-06T00:00:00.000Z') });
    });

    it('within one batch: the trigger wins over the fallback, and a refund leaves nothing to ask', async () => {
      const [kept, refunded] = [nextOrderId(), nextOrderId()];
      await deliverToOrdersFunction([
        lifecycleEvent(kept, 'fulfilled', '2026-11-01T00:00:00.000Z'),
        lifecycleEvent(kept, 'delivered', '2026-11-03T00:00:00.000Z'),
        lifecycleEvent(refunded, 'delivered', '2026-11-03T00:00:00.000Z'),
        lifecycleEvent(refunded, 'refunded', '2026-11-04T00:00:00.000Z'),
      ]);
      expect(await asksOf(kept)).toEqual([expect.objectContaining({ basis: 'trigger', journeyAt: new Date('2026-11-06T00:00:00.000Z') })]);
      expect(await asksOf(refunded)).toEqual([]);
    });

    it('a redelivered batch schedules nothing twice', async () => {
      const id = nextOrderId();
      const batch = [lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z')];
      await deliverToOrdersFunction(batch);
      await deliverToOrdersFunction(batch);
      expect(await asksOf(id)).toHaveLength(1);
    });

    it.each(['cancelled', 'refunded'] as const)('a later %s withdraws the pending ask, with the reason', async (kind) => {
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z')]);
      await deliverToOrdersFunction([lifecycleEvent(id, kind, '2026-11-05T09:00:00.000Z')]);
      expect((await asksOf(id))[0]).toMatchObject({ state: 'withdrawn', outcomeReason: `order ${kind}` });
    });

    it('a delivery arriving after the refund (out of order) asks nothing', async () => {
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'refunded', '2026-11-06T09:00:00.000Z')]);
      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z')]);
      expect(await asksOf(id)).toEqual([]);
    });
  });

  describe('dispatch', () => {
    it('sends nothing early; once due, the message reaches the outbox with a signed page link and one-click unsubscribe', async () => {
      // Prepare
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z')]);
      // Act
      const early = await dispatchAt('2026-11-07T14:59:00.000Z');
      const due = await dispatchAt('2026-11-07T15:00:00.000Z');
      // Assess
      expect(early).toMatchObject({ sent: 0, postponed: 0, failed: 0 });
      expect(due).toMatchObject({ sent: 1, postponed: 0, failed: 0 });
      const [ask] = await asksOf(id);
      expect(ask).toMatchObject({ state: 'sent', channel: 'email', recipient: 'foo@example.com', provider: 'outbox' });
      const [kept] = (await context.outbox.list('acme')).filter((entry) => entry.outreachId === ask?.id);
      expect(kept?.message).toMatchObject({
        channel: 'email',
        to: 'foo@example.com',
        subject: 'How was your order from Acme?',
        headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      const message = kept?.message as { text: string; headers: Record<string, string> };
      expect(message.text).toMatch(/https:\/\/feedback\.example\.com\/f\/[\w-]{22}\?score=10/);
      expect(message.headers['List-Unsubscribe']).toMatch(/^<https:\/\/feedback\.example\.com\/u\/[\w-]{22}>$/);
      expect(await dispatchAt('2026-11-07T15:01:00.000Z')).toMatchObject({ sent: 0 });
    });

    it('a partly refunded order asks only about what was kept', async () => {
      const id = nextOrderId();
      const item = (title: string, refunded: number) => ({ id: title, productId: null, variantId: null, sku: null, title, quantity: 1, refundedQuantity: refunded, unitPrice: '10.00' });
      await deliverToOrdersFunction([
        lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z'),
        lifecycleEvent(id, 'partially_refunded', '2026-11-05T15:00:00.000Z', { items: [item('Blue mug', 0), item('Cracked vase', 1)] }),
      ]);
      await dispatchAt('2026-11-08T00:00:00.000Z');
      const [ask] = await asksOf(id);
      const text = ((await context.outbox.list('acme', { limit: 500 })).find((entry) => entry.outreachId === ask?.id)?.message as { text: string }).text;
      expect(text).toContain('You ordered: Blue mug.');
      expect(text).not.toContain('Cracked vase');
    });

    it('orders due together: one feedback message; the other request is skipped as merged, naming the one that went', async () => {
      // Prepare: two orders of one customer, delivered the same day
      const [first, second] = [nextOrderId(), nextOrderId()];
      await deliverToOrdersFunction([lifecycleEvent(first, 'delivered', '2026-11-04T10:00:00.000Z'), lifecycleEvent(second, 'delivered', '2026-11-04T11:00:00.000Z')]);
      // Act
      const run = await dispatchAt('2026-11-08T00:00:00.000Z');
      // Assess
      expect(run).toMatchObject({ sent: 1, skipped: 1, postponed: 0 });
      const [sentAsk] = await asksOf(first);
      const [merged] = await asksOf(second);
      expect(sentAsk).toMatchObject({ state: 'sent' });
      expect(merged).toMatchObject({ state: 'skipped', outcomeReason: expect.stringMatching(new RegExp(`^merged: .*order ${first}.*${sentAsk?.id}`)) });
      expect(await dispatchAt('2026-11-15T00:00:00.000Z')).toMatchObject({ sent: 0 });
    });

    it('the minimum gap: an ask due a day after another message waits until 48 hours have passed, naming that message', async () => {
      // Prepare: the customer was sent another message (a referral invitation) on the 6th at 10:00
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T10:00:00.000Z')]);
      await context.outreach.schedule({
        id: 'out_earlier_referral', tenantId: 'acme', orderId: id, customerKey: 'c:1073339470', kind: 'referral_invitation',
        dedupeKey: `referral:${id}`, journeyAt: new Date('2026-11-06T10:00:00.000Z'), fixedTime: false, basis: 'test', plannedAt: new Date('2026-11-04T10:00:00.000Z'),
      });
      await context.db.query(`UPDATE outreach SET state = 'sent', sent_at = '2026-11-06T10:00:00Z' WHERE id = 'out_earlier_referral'`);
      // Act: the feedback request is due on the 7th at 10:00
      const run = await dispatchAt('2026-11-07T10:00:00.000Z');
      // Assess
      expect(run).toMatchObject({ postponed: 1, sent: 0 });
      const [ask] = (await asksOf(id)).filter((one) => one.kind === 'feedback_request');
      expect(ask).toMatchObject({ state: 'scheduled', dueAt: new Date('2026-11-08T10:00:00.000Z') });
      expect(ask?.lastPostponedReason).toMatch(/^minimum gap \(referral_invitation out_earlier_referral at 2026-11-06T10:00:00.000Z\)/);
      const history = await context.outreach.history([ask?.id ?? '']);
      expect(history.map((step) => step.action)).toEqual(['planned', 'postponed']);
      expect(history[1]).toMatchObject({ at: new Date('2026-11-07T10:00:00.000Z'), blockedBy: 'out_earlier_referral' });
      expect(await dispatchAt('2026-11-08T10:00:00.000Z')).toMatchObject({ sent: 1 });
    });

    it('quiet hours in the tenant time zone move a night-time ask to the morning', async () => {
      await settings('contact.quietHours={"start":"21:00","end":"08:00"}', 'contact.timeZone=Europe/Paris');
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T22:00:00.000Z')]);
      expect(await dispatchAt('2026-11-07T22:00:00.000Z')).toMatchObject({ postponed: 1, sent: 0 });
      const [ask] = await asksOf(id);
      expect(ask).toMatchObject({ lastPostponedReason: 'quiet hours', dueAt: new Date('2026-11-08T07:00:00.000Z') });
    });

    it('re-checks at send time: an unsubscribed customer is skipped, with the reason', async () => {
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z', { customer: { email: 'Gone@Example.com' } })]);
      await context.suppressions.suppress({ tenantId: 'acme', channel: 'email', address: 'gone@example.com', customerKey: null, reason: 'unsubscribed by link', at: new Date() });
      expect(await dispatchAt('2026-11-08T00:00:00.000Z')).toMatchObject({ skipped: 1, sent: 0 });
      expect((await asksOf(id))[0]).toMatchObject({ state: 'skipped', outcomeReason: 'the customer unsubscribed from email' });
    });

    it('re-checks at send time: a refund the journey never saw withdraws the ask', async () => {
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z')]);
      // Stored directly, as if by a process that does not run the journey step.
      await context.orders.record(lifecycleEvent(id, 'refunded', '2026-11-05T15:00:00.000Z'), 'test');
      expect(await dispatchAt('2026-11-08T00:00:00.000Z')).toMatchObject({ withdrawn: 1, sent: 0 });
      expect((await asksOf(id))[0]).toMatchObject({ state: 'withdrawn', outcomeReason: 'the order was cancelled or refunded' });
    });

    it('consent per kind at send time: the feedback request is a service message; a stricter choice skips it, and undoing that re-plans it', async () => {
      // Prepare: a customer who never accepted marketing
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z', { customer: { acceptsMarketing: false } })]);
      await settings('consent.feedbackRequest=marketing');
      // Act
      expect(await dispatchAt('2026-11-08T00:00:00.000Z')).toMatchObject({ skipped: 1 });
      expect((await asksOf(id))[0]).toMatchObject({ state: 'skipped', outcomeCause: 'consent', outcomeReason: expect.stringContaining('consent.feedbackRequest=marketing') });
      // The merchant goes back to the default: the skipped request comes back, due now, and goes
      await changeTenantSettings('acme', ['consent.feedbackRequest=service'], 'test', { tenants: context.tenants, outreach: context.outreach, clock: () => new Date('2026-11-09T09:00:00.000Z') });
      const [replanned] = await asksOf(id);
      expect(replanned).toMatchObject({ state: 'scheduled', dueAt: new Date('2026-11-09T09:00:00.000Z'), outcomeCause: null });
      expect(await dispatchAt('2026-11-09T09:00:00.000Z')).toMatchObject({ sent: 1 });
      const history = await context.outreach.history([id].length ? [replanned?.id ?? ''] : []);
      expect(history.map((step) => step.action)).toEqual(['planned', 'skipped', 'replanned', 'sent']);
      expect(history[2]?.reason).toMatch(/consent settings changed \(consent\.feedbackRequest/);
    });

    it('a request skipped for consent whose link would have expired stays skipped when the consent setting changes', async () => {
      const id = nextOrderId();
      await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-09-01T15:00:00.000Z', { customer: { acceptsMarketing: false } })]);
      await settings('consent.feedbackRequest=marketing');
      expect(await dispatchAt('2026-09-05T00:00:00.000Z')).toMatchObject({ skipped: 1 });
      // 60 days (feedback.linkTtlDays) after its planned time, it is stale
      await changeTenantSettings('acme', ['consent.feedbackRequest=service'], 'test', { tenants: context.tenants, outreach: context.outreach, clock: () => new Date('2026-11-09T09:00:00.000Z') });
      expect((await asksOf(id))[0]).toMatchObject({ state: 'skipped', outcomeCause: 'consent' });
    });
  });
});
