import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRecoverySignal } from '../../lib/recovery/record-signal.ts';
import { createFollowUpLog } from '../../lib/store/recovery-follow-up-repository.ts';
import { TenantSettingsSchema } from '../../lib/tenants/settings.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { feedbackOrigin, recoverySignalFactory } from '../support/recovery-signals.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** `GET /api/cases`, `GET /api/cases/{id}`, `PATCH /api/cases/{id}` over HTTP, as npm start serves them. */
describe('cases API', () => {
  let database: TestDatabase;
  let app: TestApp;
  let acmeKey: string;
  let otherKey: string;
  const settings = TenantSettingsSchema.parse({}).recovery;

  beforeAll(async () => {
    database = await createTestDatabase('cases_api');
    app = await startTestApp({ DATABASE_URL: database.url });
    acmeKey = (await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' })).apiKey;
    otherKey = (await app.createTenant({ id: 'other', platform: 'shopify', webhookSecret: 'secret' })).apiKey;
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  const call = async (method: string, path: string, options: { key?: string | null; body?: string } = {}) => {
    const key = options.key === undefined ? acmeKey : options.key;
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
      ...(options.body === undefined ? {} : { body: options.body }),
    });
    return { status: response.status, json: (await response.json()) as any };
  };
  const openCase = async (customer: string, changes: Parameters<typeof recoverySignalFactory>[0] = {}) =>
    (
      await recordRecoverySignal(
        recoverySignalFactory({ signalId: `api:${customer}`, customer: { key: customer }, orderId: customer, ...changes }),
        { settings, messageId: null },
        { cases: app.context.recoveryCases, clock: () => new Date() },
      )
    ).case;

  describe('the worklist', () => {
    let urgent: string;
    let high: string;
    let low: string;
    beforeAll(async () => {
      low = (await openCase('c:low', { issues: [], origin: feedbackOrigin('ok', 'neutral') })).id;
      high = (await openCase('c:high', { issues: ['damaged'] })).id;
      urgent = (await openCase('c:urgent', { issues: ['safety'] })).id;
    });

    it('is ordered by priority, then the SLA due soonest; every case in the tenant’s view, no other tenant’s', async () => {
      // Act
      const { status, json } = await call('GET', '/api/cases');
      const other = await call('GET', '/api/cases', { key: otherKey });
      // Assess
      expect(status).toBe(200);
      expect(json.cases.map((view: { caseId: string }) => view.caseId)).toEqual([urgent, high, low]);
      expect(json.cases[0]).toMatchObject({ state: 'open', severity: 'urgent', categories: ['safety'], remedies: [{ category: 'safety', remedy: 'refund' }], ticket: null });
      expect(other.json.cases).toEqual([]);
    });

    it('filters by state and severity', async () => {
      expect((await call('GET', '/api/cases?severity=high')).json.cases.map((view: { caseId: string }) => view.caseId)).toEqual([high]);
      expect((await call('GET', '/api/cases?state=resolved')).json.cases).toEqual([]);
      expect((await call('GET', '/api/cases?state=closed')).status).toBe(400);
      expect((await call('GET', '/api/cases?severity=meh')).status).toBe(400);
    });

    it('pages with an opaque cursor', async () => {
      // Act
      const first = await call('GET', '/api/cases?limit=2');
      const second = await call('GET', `/api/cases?limit=2&cursor=${first.json.nextCursor}`);
      // Assess
      expect(first.json.cases.map((view: { caseId: string }) => view.caseId)).toEqual([urgent, high]);
      expect(second.json.cases.map((view: { caseId: string }) => view.caseId)).toEqual([low]);
      expect(second.json.nextCursor).toBeNull();
      expect((await call('GET', '/api/cases?cursor=bm9wZQ')).status).toBe(400);
    });

    it('one case with its signals and their triage', async () => {
      const { status, json } = await call('GET', `/api/cases/${high}`);
      expect(status).toBe(200);
      expect(json).toMatchObject({ caseId: high, signals: [{ signalId: 'api:c:high', effect: 'opened', triage: { severity: 'high' } }] });
      expect((await call('GET', `/api/cases/${high}`, { key: otherKey })).status).toBe(404);
      expect((await call('GET', '/api/cases/rc_missing')).status).toBe(404);
    });
  });

  it('without a valid API key: 401', async () => {
    expect((await call('GET', '/api/cases', { key: null })).status).toBe(401);
    expect((await call('PATCH', '/api/cases/rc_x', { key: 'ag_wrong', body: '{}' })).status).toBe(401);
  });

  it('open → acknowledged → resolved with an outcome; resolving schedules the follow-up once', async () => {
    // Prepare
    const caseId = (await openCase('c:lifecycle')).id;
    const outcome = { resolution: 'put_right', remedies: ['apology', 'reship'], note: 'New glass sent' };
    // Act
    const acknowledged = await call('PATCH', `/api/cases/${caseId}`, { body: JSON.stringify({ state: 'acknowledged' }) });
    const resolved = await call('PATCH', `/api/cases/${caseId}`, { body: JSON.stringify({ state: 'resolved', outcome }) });
    const retried = await call('PATCH', `/api/cases/${caseId}`, { body: JSON.stringify({ state: 'resolved', outcome }) });
    // Assess
    expect(acknowledged).toMatchObject({ status: 200, json: { state: 'acknowledged', resolvedAt: null } });
    expect(acknowledged.json.acknowledgedAt).not.toBeNull();
    expect(resolved).toMatchObject({ status: 200, json: { state: 'resolved', outcome: { ...outcome, discountCode: null } } });
    expect(retried).toMatchObject({ status: 200, json: { resolvedAt: resolved.json.resolvedAt } });
    const followUps = await createFollowUpLog(app.context.db).list('acme');
    expect(followUps.filter((followUp) => followUp.caseId === caseId)).toEqual([
      expect.objectContaining({ customerKey: 'c:lifecycle', orderId: 'c:lifecycle', state: 'scheduled', outcome: expect.objectContaining({ resolution: 'put_right' }) }),
    ]);
    // The follow-up is an ask like any other: once per case, two days on, within the contact budget.
    const asks = (await app.context.outreach.forOrder('acme', 'c:lifecycle')).filter((ask) => ask.kind === 'recovery_follow_up');
    expect(asks).toEqual([expect.objectContaining({ dedupeKey: `case:${caseId}:recovery_follow_up`, fixedTime: false, state: 'scheduled' })]);
    expect(asks[0]?.journeyAt.getTime()).toBe(new Date(resolved.json.resolvedAt).getTime() + 2 * 86_400_000);
  });

  it.each([
    ['resolving without an outcome', { state: 'resolved' }, /outcome: resolving a case needs an outcome/],
    ['an unknown state', { state: 'closed' }, /state/],
    ['an outcome on acknowledgement', { state: 'acknowledged', outcome: { resolution: 'put_right' } }, /only resolving a case takes an outcome/],
    ['an unknown resolution', { state: 'resolved', outcome: { resolution: 'magic' } }, /outcome\.resolution/],
    ['an unknown field', { state: 'acknowledged', owner: 'me' }, /Unrecognized key/],
  ])('400 for %s, saying why', async (_what, body, message) => {
    const caseId = (await openCase(`c:bad-${JSON.stringify(body).length}-${Math.random()}`)).id;
    const { status, json } = await call('PATCH', `/api/cases/${caseId}`, { body: JSON.stringify(body) });
    expect(status).toBe(400);
    expect(json.error).toMatch(message);
  });

  it('400 on a bad transition: a resolved case stays resolved; 404 for an unknown case; 400 for a body that is not JSON', async () => {
    // Prepare
    const caseId = (await openCase('c:final')).id;
    await call('PATCH', `/api/cases/${caseId}`, { body: JSON.stringify({ state: 'resolved', outcome: { resolution: 'no_fault_found' } }) });
    // Act
    const reopen = await call('PATCH', `/api/cases/${caseId}`, { body: JSON.stringify({ state: 'acknowledged' }) });
    const otherOutcome = await call('PATCH', `/api/cases/${caseId}`, { body: JSON.stringify({ state: 'resolved', outcome: { resolution: 'put_right' } }) });
    // Assess
    expect(reopen).toMatchObject({ status: 400, json: { error: expect.stringMatching(/is resolved \(no_fault_found\); a new signal opens a new case/) } });
    expect(otherOutcome.status).toBe(400);
    expect((await call('PATCH', '/api/cases/rc_missing', { body: JSON.stringify({ state: 'acknowledged' }) })).status).toBe(404);
    expect((await call('PATCH', `/api/cases/${caseId}`, { body: '{"state":' })).status).toBe(400);
  });
});
