import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orderTimeline } from '../../lib/journey/timeline.ts';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { useAppContext, type AppContext } from '../../lib/runtime/app-context.ts';
import { createTimelineRepository } from '../../lib/store/timeline-repository.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { emailInOutbox } from '../support/feedback-journey.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { createTestContext } from '../support/test-context.ts';

/**
 * The brand in dispatch, against real PostgreSQL: a marketing email waits for the shop's postal
 * address (CAN-SPAM) with its reason in the timeline, comes back when the address is set, and goes
 * out in the shop's brand, its sender name and reply-to, and the merchant's own subject.
 */
describe('dispatch in the shop\'s brand, and CAN-SPAM', () => {
  let database: TestDatabase;
  let context: AppContext;
  let order = 0;
  const nextOrderId = () => `7${String((order += 1)).padStart(18, '0')}`;
  const settings = (...assignments: string[]) =>
    changeTenantSettings('acme', assignments, 'test', { tenants: context.tenants, outreach: context.outreach, clock: () => new Date('2026-11-10T09:30:00.000Z') });
  const asksOf = (orderId: string) => context.outreach.forOrder('acme', orderId);

  beforeAll(async () => {
    database = await createTestDatabase('brand_dispatch');
    context = await createTestContext({ DATABASE_URL: database.url, PUBLIC_BASE_URL: 'https://feedback.example.com' }, [
      { id: 'acme', platform: 'shopify', webhookSecret: 'secret' },
    ]);
    useAppContext(context);
  });
  afterAll(async () => {
    useAppContext(null);
    await context?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await context.db.query('DELETE FROM outreach');
    const reset = [{ path: 'shopName', value: 'Acme' }, { path: 'contact.quietHours', value: null }];
    await context.tenants.updateSettings('acme', { changes: reset, actor: 'test reset', replace: true });
  });

  it('a marketing email is skipped while the postal address is missing, says why in the timeline, and goes once it is set', async () => {
    // Prepare: the tenant counts its feedback request as marketing; the customer accepted marketing
    await settings('consent.feedbackRequest=marketing');
    const id = nextOrderId();
    await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z')]);

    // Act 1: due, but no postal address
    const first = await runDispatch(context, new Date('2026-11-08T09:00:00.000Z'));

    // Assess 1
    expect(first).toMatchObject({ sent: 0, skipped: 1 });
    const [skipped] = await asksOf(id);
    expect(skipped).toMatchObject({ state: 'skipped', outcomeCause: 'postal_address' });
    const timeline = await orderTimeline({ outreach: context.outreach, timelines: createTimelineRepository(context.db) }, 'acme', id);
    expect(JSON.stringify(timeline)).toMatch(/a marketing email needs the shop’s postal address in its footer \(CAN-SPAM\): set brand\.postalAddress/);

    // Act 2: the merchant sets the address (and the sender's name, a reply-to, a subject of their own)
    await settings(
      'brand.postalAddress=12 Harbour Street\nBristol BS1 4QA',
      'brand.senderName=Acme Outfitters',
      'brand.replyTo=help@acme.example',
      'brand.accentColor=#0f766e',
      'copy.feedback_request.en.subject=How was {{orderName}}, {{firstName}}?',
    );
    const replanned = await asksOf(id);
    const second = await runDispatch(context, new Date('2026-11-10T10:00:00.000Z'));

    // Assess 2: replanned by the change, then sent in the brand with the address in its footer
    expect(replanned[0]).toMatchObject({ state: 'scheduled' });
    expect(second).toMatchObject({ sent: 1 });
    const [sent] = await asksOf(id);
    const email = await emailInOutbox(context, sent!);
    expect(email).toMatchObject({ subject: `How was #${id}, Ada?`, fromName: 'Acme Outfitters', replyTo: 'help@acme.example' });
    expect(email.html).toContain('12 Harbour Street<br>Bristol BS1 4QA');
    expect(email.html).toContain('#0f766e');
    expect(email.text).toContain('12 Harbour Street\nBristol BS1 4QA');
  });

  it('a service message goes without a postal address', async () => {
    // Prepare: the default: the feedback request is a service message
    const id = nextOrderId();
    await deliverToOrdersFunction([lifecycleEvent(id, 'delivered', '2026-11-04T15:00:00.000Z')]);
    // Act
    const summary = await runDispatch(context, new Date('2026-11-08T09:00:00.000Z'));
    // Assess
    expect(summary).toMatchObject({ sent: 1, skipped: 0 });
  });
});
