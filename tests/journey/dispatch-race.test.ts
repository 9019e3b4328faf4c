import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARALLEL_SENDS } from '../../lib/journey/dispatch-due.ts';
import { useAppContext, type AppContext } from '../../lib/runtime/app-context.ts';
import { changeTenantSettings } from '../../lib/tenants/change-tenant-settings.ts';
import { runCli } from '../support/cli.ts';
import { startFakeMessaging, type FakeMessaging } from '../support/fake-messaging.ts';
import { deliverToOrdersFunction, lifecycleEvent } from '../support/journey.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { createTestContext } from '../support/test-context.ts';

/**
 * Two `afterglow dispatch` processes at once over one PostgreSQL (as two overlapping schedule
 * runs would be): every due message goes exactly once, and one customer's budget is spent once.
 */
describe('dispatch in two processes at once', () => {
  let database: TestDatabase;
  let context: AppContext;
  let fake: FakeMessaging;

  // The provider holds every answer until more requests are in flight than one process ever has
  // open at once: then both processes are sending, and the race is real, not a matter of luck.
  let inFlight = 0;
  let mostInFlight = 0;
  let release = () => {};
  const bothSending = new Promise<void>((resolve) => (release = resolve));
  const holdUntilBothSend = async () => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    if (inFlight > PARALLEL_SENDS) release();
    await Promise.race([bothSending, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    inFlight -= 1;
  };

  beforeAll(async () => {
    [database, fake] = await Promise.all([createTestDatabase('dispatch_race'), startFakeMessaging({ beforeAnswer: holdUntilBothSend })]);
    context = await createTestContext({ DATABASE_URL: database.url }, [{ id: 'acme', platform: 'shopify', webhookSecret: 'secret' }]);
    useAppContext(context);
    await changeTenantSettings(
      'acme',
      ['contact.quietHours=null', 'consent.mode=all_customers', 'email.provider=postmark', `email.baseUrl="${fake.url}"`, 'email.apiKey="t"', 'email.from="hi@acme.example"'],
      'test',
      { tenants: context.tenants, outbound: context.outbound },
    );
  });
  afterAll(async () => {
    useAppContext(null);
    await context?.close();
    await Promise.all([fake?.close(), database?.drop()]);
  });

  it('sends each message once, and one feedback message to a customer with five orders due together', async () => {
    // Prepare: more customers than one run claims at once, each with a delivered order; one with 5 orders
    const events = [
      ...Array.from({ length: 115 }, (_, index) =>
        lifecycleEvent(`5${index}`, 'delivered', '2026-11-01T09:00:00.000Z', { customer: { key: `c:${index}`, id: String(index), email: `c${index}@example.com` } }),
      ),
      ...Array.from({ length: 5 }, (_, index) =>
        lifecycleEvent(`6${index}`, 'delivered', '2026-11-01T09:00:00.000Z', { customer: { key: 'c:loyal', id: 'loyal', email: 'loyal@example.com' } }),
      ),
    ];
    await deliverToOrdersFunction(events);
    // Act
    const runs = await Promise.all(
      [1, 2].map(() => runCli(['dispatch', '--now', '2026-11-04T12:00:00Z'], { DATABASE_URL: database.url, AFTERGLOW_ALLOW_PRIVATE_OUTBOUND: 'true' })),
    );
    // Assess
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const summaries = runs.map((run) => JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>);
    expect(mostInFlight).toBeGreaterThan(PARALLEL_SENDS);
    for (const summary of summaries) expect(summary.sent).toBeGreaterThan(0);
    expect(summaries.reduce((sum, summary) => sum + (summary.sent ?? 0), 0)).toBe(116);
    // The loyal customer's other four requests are merged into the one that went (skipped, naming it)
    expect(summaries.reduce((sum, summary) => sum + (summary.skipped ?? 0), 0)).toBe(4);
    expect(summaries.reduce((sum, summary) => sum + (summary.postponed ?? 0), 0)).toBe(0);
    const references = fake.delivered().map((email) => email.body.Metadata.reference as string);
    expect(references).toHaveLength(116);
    expect(new Set(references).size).toBe(116);
    expect(fake.delivered().filter((email) => email.body.To === 'loyal@example.com')).toHaveLength(1);
    const loyal = await context.db.query<{ state: string; outcome_reason: string | null }>(
      `SELECT state, outcome_reason FROM outreach WHERE customer_key = 'c:loyal' AND kind = 'feedback_request' ORDER BY state`,
    );
    expect(loyal.map((row) => row.state)).toEqual(['sent', 'skipped', 'skipped', 'skipped', 'skipped']);
    for (const row of loyal.slice(1)) expect(row.outcome_reason).toMatch(/^merged: one feedback message for orders due together/);
  });

  it('two runs racing for one customer with two orders due: one review invitation, the other skipped naming it', async () => {
    // Prepare: a Google destination; one customer with two orders delivered together, whose
    // feedback request has gone (day 3): both invitations are due on day 7
    await changeTenantSettings('acme', ['reviews.destinations=[{"type":"google","placeId":"ChIJN1t_tDeuEmsRUsoyG83frY4"}]'], 'test', { tenants: context.tenants });
    await deliverToOrdersFunction(
      ['71', '72'].map((orderId) =>
        lifecycleEvent(orderId, 'delivered', '2026-12-01T09:00:00.000Z', { customer: { key: 'c:twice', id: 'twice', email: 'twice@example.com' } }),
      ),
    );
    await runCli(['dispatch', '--now', '2026-12-04T09:00:00Z'], { DATABASE_URL: database.url, AFTERGLOW_ALLOW_PRIVATE_OUTBOUND: 'true' });
    const before = fake.delivered().length;
    // Act
    const runs = await Promise.all([1, 2].map(() => runCli(['dispatch', '--now', '2026-12-08T09:00:00Z'], { DATABASE_URL: database.url, AFTERGLOW_ALLOW_PRIVATE_OUTBOUND: 'true' })));
    // Assess
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const invitations = await context.db.query<{ id: string; state: string; outcome_reason: string | null }>(
      `SELECT id, state, outcome_reason FROM outreach WHERE customer_key = 'c:twice' AND kind = 'review_invitation' ORDER BY state`,
    );
    expect(invitations.map((row) => row.state)).toEqual(['sent', 'skipped']);
    expect(invitations[1]?.outcome_reason).toContain(`invited to review`);
    expect(invitations[1]?.outcome_reason).toContain(invitations[0]?.id);
    expect(invitations[1]?.outcome_reason).toContain('one invitation per 90 days (reviews.frequencyDays)');
    expect(fake.delivered().slice(before).filter((email) => email.body.To === 'twice@example.com')).toHaveLength(1);
  });
});
