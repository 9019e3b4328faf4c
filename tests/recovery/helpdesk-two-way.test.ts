import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSqsLambdaEvent } from '../../events/sqs-lambda-event.ts';
import { handler as recoveryFunction } from '../../functions/recovery.ts';
import { silentLogger } from '../../lib/logger.ts';
import { createRecoveryChannels } from '../../lib/providers/recovery-channels.ts';
import { backoffAfter, ERASED_SOLVE_NOTE, MAX_HELPDESK_JOB_ATTEMPTS, workHelpdeskJobs } from '../../lib/recovery/helpdesk-jobs.ts';
import type { RecoveryCase } from '../../lib/recovery/recovery-case.ts';
import { maskSecretSettings } from '../../lib/tenants/mask-settings.ts';
import { startFakeZendesk, type FakeTicket, type FakeZendesk } from '../support/fake-helpdesk.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { feedbackOrigin, recoverySignalFactory } from '../support/recovery-signals.ts';
import { REPO_ROOT } from '../support/shared.ts';
import { shopifyHeaders, zendeskWebhookHeaders } from '../support/sign.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';
import { QUICK_RETRIES, setTenantSettings } from '../support/test-context.ts';

const ACME = { id: 'acme', platform: 'shopify' as const, webhookSecret: 'shpss_acme', shopDomain: 'acme.myshopify.com' };
/** A Zendesk webhook signing secret, as Admin Center reveals it. */
const ZD_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const SAMPLE = readFileSync(resolve(REPO_ROOT, 'tests/fixtures/zendesk/ticket-solved.webhook.json'), 'utf8');
const MINUTE = 60_000;

/**
 * The helpdesk both ways, on the local runtime over real HTTP and PostgreSQL, against a fake
 * Zendesk speaking its Tickets and Ticket Comments APIs: a case resolved in afterglow solves its
 * ticket (a durable job, retried), a ticket solved in Zendesk resolves its case (a signed webhook),
 * and customers/redact redacts the customer's tickets (a job outside the erasure transaction).
 */
describe('two-way helpdesk (Zendesk)', () => {
  let database: TestDatabase;
  let zendesk: FakeZendesk;
  let app: TestApp;
  let apiKey: string;
  let caseCount = 0;

  beforeAll(async () => {
    [database, zendesk] = await Promise.all([createTestDatabase('helpdesk_two_way'), startFakeZendesk()]);
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    apiKey = (await app.createTenant(ACME)).apiKey;
    await app.createTenant({ id: 'plain', platform: 'shopify', webhookSecret: 'secret' });
    await setTenantSettings(app.context, 'acme', [...zendesk.settings, `recovery.zendesk.webhookSecret=${ZD_SECRET}`]);
  });
  afterAll(async () => {
    await app?.stop();
    await zendesk?.close();
    await database?.drop();
  });

  /** The helpdeskJobs schedule at `now`, with provider retries that do not wait (tests play outages with failNext). */
  const workJobs = (now: Date = new Date()) =>
    workHelpdeskJobs(
      {
        jobs: app.context.helpdeskJobs,
        tenants: app.context.tenants,
        channels: createRecoveryChannels({ http: axios.create({ timeout: 5_000 }), policy: QUICK_RETRIES }),
        logger: silentLogger,
      },
      now,
    );
  /** A case opened by the recovery function from the queue, with its Zendesk ticket. */
  const openCaseWithTicket = async (changes: Parameters<typeof recoverySignalFactory>[0] = {}): Promise<{ recoveryCase: RecoveryCase; ticket: FakeTicket }> => {
    caseCount += 1;
    const key = changes.customer?.key ?? `c:helpdesk-${caseCount}`;
    await app.context.recoveryQueue.send(recoverySignalFactory({ signalId: `helpdesk:${caseCount}`, orderId: `80${caseCount}`, ...changes, customer: { ...changes.customer, key } }));
    const recoveryCase = await waitFor(
      async () => (await app.context.recoveryCases.list('acme')).find((candidate) => candidate.customerKey === key && candidate.ticketId !== null),
      { what: `the ticket of ${key}` },
    );
    const ticket = zendesk.tickets.find((candidate) => String(candidate.id) === recoveryCase.ticketId);
    if (!ticket) throw new Error('no ticket in the fake Zendesk');
    return { recoveryCase, ticket };
  };
  const patchCase = async (caseId: string, body: unknown) => {
    const response = await fetch(`${app.url}/api/cases/${caseId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as any };
  };
  /** Signed as Zendesk documents it (tests/support/sign.ts computes it on its own, not with the product's code). */
  const zendeskHeaders = (body: string | Buffer, options: { secret?: string; at?: Date } = {}) => zendeskWebhookHeaders(body, options.secret ?? ZD_SECRET, options.at);
  /** The saved sample body, about this ticket and case. */
  const solvedBody = (ticket: FakeTicket, changes: Record<string, unknown> = {}) =>
    JSON.stringify({ ...JSON.parse(SAMPLE), ticket_id: String(ticket.id), external_id: ticket.externalId, ...changes }, null, 2);
  const postWebhook = (body: string | Buffer, headers: Record<string, string> = zendeskHeaders(body), tenantId = 'acme') =>
    app.post(`/webhooks/helpdesk/zendesk/${tenantId}`, body, headers);
  const requestsTo = (pattern: RegExp, since = 0) => zendesk.requests.slice(since).filter((request) => pattern.test(`${request.method} ${request.path}`));
  const jobsOf = (caseId: string) => app.context.helpdeskJobs.list('acme', { caseId });

  it('the webhook signing secret is a secret setting: masked wherever settings are shown', async () => {
    // Act
    const tenant = await app.context.tenants.findById('acme');
    const shown = JSON.stringify(maskSecretSettings(tenant?.settings));
    // Assess
    expect(tenant?.settings.recovery.zendesk.webhookSecret).toBe(ZD_SECRET);
    expect(shown).not.toContain(ZD_SECRET);
    expect(shown).not.toContain(ZD_SECRET.slice(0, 12));
  });

  describe('resolving a case in afterglow', () => {
    it('solves its ticket with an internal note through a job, not inside the request; a retried PATCH adds nothing', async () => {
      // Prepare
      const { recoveryCase, ticket } = await openCaseWithTicket();
      const before = zendesk.requests.length;
      const outcome = { resolution: 'put_right', remedies: ['apology', 'reship'], note: 'New mug sent with tracking' };
      // Act
      const resolved = await patchCase(recoveryCase.id, { state: 'resolved', outcome });
      const untouched = requestsTo(/^PUT /, before).length;
      const queued = await jobsOf(recoveryCase.id);
      const run = await workJobs();
      const retried = await patchCase(recoveryCase.id, { state: 'resolved', outcome });
      const again = await workJobs();
      // Assess
      expect(resolved.status).toBe(200);
      expect(untouched).toBe(0);
      expect(queued).toEqual([expect.objectContaining({ kind: 'solve_ticket', ticketId: String(ticket.id), state: 'pending', attempts: 0 })]);
      expect(run).toMatchObject({ done: 1, failed: 0 });
      const [put] = requestsTo(/^PUT \/api\/v2\/tickets\/\d+\.json$/, before);
      expect(put?.path).toBe(`/api/v2/tickets/${ticket.id}.json`);
      expect(JSON.parse(put?.body.toString('utf8') ?? '{}')).toEqual({
        ticket: {
          status: 'solved',
          comment: { body: `Resolved in afterglow: put right (apologised, reshipped).\nNote: New mug sent with tracking\nafterglow case ${recoveryCase.id}`, public: false },
          additional_tags: ['afterglow_solved'],
        },
      });
      expect(ticket.status).toBe('solved');
      expect(ticket.notes.at(-1)).toMatchObject({ public: false });
      expect(retried.status).toBe(200);
      expect(again).toEqual({ done: 0, retrying: 0, failed: 0, cancelled: 0 });
      expect(await jobsOf(recoveryCase.id)).toEqual([expect.objectContaining({ state: 'done', attempts: 1, lastError: null })]);
      expect(requestsTo(/^PUT /, before)).toHaveLength(1);
    });

    it('a Zendesk outage loses nothing: the job waits with backoff and is done once Zendesk answers', async () => {
      // Prepare
      const { recoveryCase, ticket } = await openCaseWithTicket();
      await patchCase(recoveryCase.id, { state: 'resolved', outcome: { resolution: 'no_fault_found' } });
      const now = new Date();
      zendesk.failNext(QUICK_RETRIES.retries + 1, { status: 503, body: { error: 'ServiceUnavailable' } });
      // Act
      const down = await workJobs(now);
      const [waiting] = await jobsOf(recoveryCase.id);
      const tooSoon = await workJobs(new Date(now.getTime() + MINUTE - 1_000));
      const back = await workJobs(new Date(now.getTime() + MINUTE));
      // Assess
      expect(down).toMatchObject({ retrying: 1, done: 0 });
      expect(waiting).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringMatching(/^Zendesk answered 503/) });
      expect(waiting?.nextAttemptAt.getTime()).toBe(now.getTime() + MINUTE);
      expect(tooSoon.retrying + tooSoon.done).toBe(0);
      expect(back).toMatchObject({ done: 1 });
      expect(ticket.status).toBe('solved');
      expect(await jobsOf(recoveryCase.id)).toEqual([expect.objectContaining({ state: 'done', attempts: 2, lastError: null })]);
    });

    it('retries are bounded: a helpdesk that stays down leaves a failed job with its reason; a refusal fails at once', async () => {
      // Prepare
      const { recoveryCase, ticket } = await openCaseWithTicket();
      const closed = await openCaseWithTicket();
      await patchCase(recoveryCase.id, { state: 'resolved', outcome: { resolution: 'put_right' } });
      zendesk.failNext((QUICK_RETRIES.retries + 1) * MAX_HELPDESK_JOB_ATTEMPTS, { status: 502, body: 'Bad Gateway' });
      // Act: each run at the moment the job is due again
      const waits: number[] = [];
      let now = new Date();
      for (let attempt = 1; attempt <= MAX_HELPDESK_JOB_ATTEMPTS; attempt += 1) {
        await workJobs(now);
        const [job] = await jobsOf(recoveryCase.id);
        if (job?.state !== 'pending') break;
        waits.push((job.nextAttemptAt.getTime() - now.getTime()) / MINUTE);
        now = job.nextAttemptAt;
      }
      // a ticket closed in Zendesk refuses updates (422): retrying cannot help
      closed.ticket.status = 'closed';
      await patchCase(closed.recoveryCase.id, { state: 'resolved', outcome: { resolution: 'put_right' } });
      await workJobs(now);
      // Assess
      expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60]);
      expect(waits.map((_wait, index) => backoffAfter(index + 1) / MINUTE)).toEqual(waits);
      expect(await jobsOf(recoveryCase.id)).toEqual([
        expect.objectContaining({ state: 'failed', attempts: MAX_HELPDESK_JOB_ATTEMPTS, lastError: expect.stringMatching(/^after 12 attempts: Zendesk answered 502/) }),
      ]);
      expect(ticket.status).not.toBe('solved');
      expect(await jobsOf(closed.recoveryCase.id)).toEqual([
        expect.objectContaining({ state: 'failed', attempts: 1, lastError: expect.stringMatching(/^after 1 attempt: Zendesk answered 422/) }),
      ]);
    });

    it('a ticket opened late, after the team resolved the case, is solved too', async () => {
      // Prepare: Zendesk refuses the first delivery of the signal; the team resolves the case meanwhile
      caseCount += 1;
      const key = `c:helpdesk-late-${caseCount}`;
      const signal = recoverySignalFactory({ signalId: `helpdesk:late:${caseCount}`, orderId: `81${caseCount}`, customer: { key } });
      const delivery = (receiveCount: number) =>
        toSqsLambdaEvent(
          [{ messageId: `late-${caseCount}`, receiptHandle: `late-${receiveCount}`, body: JSON.stringify(signal), receiveCount, sentAt: new Date(), firstReceivedAt: new Date() }],
          'arn:aws:sqs:us-east-1:000000000000:afterglow-test-recovery',
        );
      zendesk.failNext(1, { status: 401, body: { error: "Couldn't authenticate you" } });
      // (a batch whose every message failed is thrown, so Lambda retries it)
      const refused = await recoveryFunction(delivery(1)).catch((error: unknown) => error);
      const recoveryCase = (await app.context.recoveryCases.list('acme')).find((candidate) => candidate.customerKey === key);
      await patchCase(recoveryCase?.id ?? '', { state: 'resolved', outcome: { resolution: 'put_right' } });
      // Act: SQS delivers the signal again and the ticket opens
      const redelivered = await recoveryFunction(delivery(2));
      await workJobs();
      // Assess
      expect(refused).toBeInstanceOf(Error);
      expect((refused as Error).message).toMatch(/Zendesk answered 401/);
      expect(redelivered.batchItemFailures).toEqual([]);
      const ticket = zendesk.tickets.find((candidate) => candidate.externalId === recoveryCase?.id);
      expect(ticket?.status).toBe('solved');
    });
  });

  describe('a ticket solved in Zendesk (the trigger’s webhook)', () => {
    it('resolves the case as put right in the helpdesk and schedules the follow-up; a redelivery changes nothing; nothing goes back to Zendesk', async () => {
      // Prepare
      const { recoveryCase, ticket } = await openCaseWithTicket();
      const body = solvedBody(ticket);
      const before = zendesk.requests.length;
      // Act
      const first = await postWebhook(body);
      const redelivered = await postWebhook(body);
      const run = await workJobs();
      const patched = await patchCase(recoveryCase.id, { state: 'resolved', outcome: (await app.context.recoveryCases.find('acme', recoveryCase.id))?.outcome });
      // Assess
      expect(first).toEqual({ status: 200, json: { status: 'resolved', caseId: recoveryCase.id } });
      expect(redelivered).toEqual({ status: 200, json: { status: 'duplicate', caseId: recoveryCase.id } });
      expect(patched.status).toBe(200);
      const resolved = await app.context.recoveryCases.find('acme', recoveryCase.id);
      expect(resolved).toMatchObject({
        state: 'resolved',
        outcome: { resolution: 'put_right', remedies: [], discountCode: null, note: `Put right in the helpdesk: Zendesk ticket ${ticket.id} was solved.` },
      });
      const asks = (await app.context.outreach.forOrder('acme', recoveryCase.orderId ?? '')).filter((ask) => ask.kind === 'recovery_follow_up');
      expect(asks).toEqual([expect.objectContaining({ dedupeKey: `case:${recoveryCase.id}:recovery_follow_up`, state: 'scheduled' })]);
      // its ticket is left as Zendesk has it: no solve job to run, none sent
      expect(await jobsOf(recoveryCase.id)).toEqual([expect.objectContaining({ kind: 'solve_ticket', state: 'cancelled', lastError: 'the ticket was solved in the helpdesk' })]);
      expect(run.done).toBe(0);
      expect(requestsTo(/^PUT /, before)).toEqual([]);
    });

    it('does not loop: afterglow’s own solve, echoed back by the trigger, is recognised by its tag, and without the tag by the resolved case', async () => {
      // Prepare: resolved in afterglow, ticket solved by the job
      const { recoveryCase, ticket } = await openCaseWithTicket();
      await patchCase(recoveryCase.id, { state: 'resolved', outcome: { resolution: 'put_right' } });
      await workJobs();
      const jobsBefore = await jobsOf(recoveryCase.id);
      // Act: the trigger fires, as Zendesk renders the template
      const tagged = await postWebhook(solvedBody(ticket, { tags: ticket.tags.join(' ') }));
      const untagged = await postWebhook(solvedBody(ticket, { tags: '' }));
      const run = await workJobs();
      // Assess
      expect(tagged).toEqual({ status: 200, json: { status: 'ignored', reason: 'afterglow solved this ticket itself' } });
      expect(untagged).toEqual({ status: 200, json: { status: 'duplicate', caseId: recoveryCase.id } });
      expect(await jobsOf(recoveryCase.id)).toEqual(jobsBefore);
      expect(run.done).toBe(0);
      expect((await app.context.recoveryCases.find('acme', recoveryCase.id))?.outcome?.note).toBeNull();
    });

    it('finds the case by the external id when afterglow lost the ticket id; ignores a ticket no case owns and one not solved', async () => {
      // Prepare
      const lost = await openCaseWithTicket();
      await app.context.db.query('UPDATE recovery_cases SET ticket_id = NULL WHERE id = $1', [lost.recoveryCase.id]);
      const open = await openCaseWithTicket();
      // Act
      const byExternalId = await postWebhook(solvedBody(lost.ticket, { ticket_id: Number(lost.ticket.id) }));
      const stranger = await postWebhook(solvedBody(open.ticket, { ticket_id: '999999', external_id: '' }));
      const reopened = await postWebhook(solvedBody(open.ticket, { status: 'Open' }));
      // Assess
      expect(byExternalId).toEqual({ status: 200, json: { status: 'resolved', caseId: lost.recoveryCase.id } });
      expect(stranger).toEqual({ status: 200, json: { status: 'ignored', reason: 'no afterglow case has this ticket' } });
      expect(reopened).toEqual({ status: 200, json: { status: 'ignored', reason: 'the ticket is open, not solved' } });
      expect((await app.context.recoveryCases.find('acme', open.recoveryCase.id))?.state).toBe('open');
    });

    it.each([
      ['no signature headers', (_body: string) => ({ 'content-type': 'application/json' }), 401, /required/],
      ['another secret', (body: string) => zendeskHeaders(body, { secret: 'c29tZW9uZV9lbHNlc19zZWNyZXRfMTIzNDU2' }), 401, /does not match/],
      ['a timestamp 6 minutes old', (body: string) => zendeskHeaders(body, { at: new Date(Date.now() - 6 * MINUTE) }), 401, /more than 5 minutes/],
      ['a timestamp 6 minutes ahead', (body: string) => zendeskHeaders(body, { at: new Date(Date.now() + 6 * MINUTE) }), 401, /more than 5 minutes/],
      ['a timestamp that is no time', (body: string) => ({ ...zendeskHeaders(body), 'X-Zendesk-Webhook-Signature-Timestamp': 'yesterday' }), 401, /not a time/],
      ['a body changed after signing', (body: string) => zendeskHeaders(body.replace('Solved', 'Solved ')), 401, /does not match/],
    ])('401 for %s, and the case stays open', async (_what, headersFor, status, message) => {
      // Prepare
      const { recoveryCase, ticket } = await openCaseWithTicket();
      const body = solvedBody(ticket);
      // Act
      const answer = await postWebhook(body, headersFor(body));
      // Assess
      expect(answer.status).toBe(status);
      expect(answer.json.error).toMatch(message);
      expect((await app.context.recoveryCases.find('acme', recoveryCase.id))?.state).toBe('open');
    });

    it('400 for a signed body that is not the template’s JSON; 404 for an unknown tenant or one without the secret; 413 over 1 MB', async () => {
      // Prepare
      const notJson = 'ticket_id=1001&status=solved';
      const noTicket = JSON.stringify({ status: 'Solved' });
      const badId = JSON.stringify({ ticket_id: '10 01' });
      const huge = JSON.stringify({ ticket_id: '1001', padding: 'x'.repeat(1024 * 1024) });
      const sample = solvedBody(zendesk.tickets[0] as FakeTicket);
      // Act
      const answers = await Promise.all([
        postWebhook(notJson),
        postWebhook(noTicket),
        postWebhook(badId),
        postWebhook(sample, zendeskHeaders(sample), 'nobody'),
        postWebhook(sample, zendeskHeaders(sample), 'plain'),
        postWebhook(huge),
      ]);
      // Assess
      expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 404, 404, 413]);
      expect(answers[0]?.json.error).toMatch(/not valid JSON/);
      expect(answers[1]?.json.error).toMatch(/ticket_id/);
    });
  });

  describe('customers/redact', () => {
    const ZENOBIA = { id: '7300000000000000001', email: 'zenobia.q@example.com', firstName: 'Zenobia', lastName: 'Quarrington' };
    const WORDS = 'The teapot lid shattered, Zenobia here, call 0612345678';
    /** Shopify's body, its 19-digit ids as Shopify writes them (a JS number would round them). */
    const redactBody = () =>
      `{"shop_id":954889,"shop_domain":"${ACME.shopDomain}","customer":{"id":${ZENOBIA.id},"email":"${ZENOBIA.email}"},"orders_to_redact":[5000000000000000099]}`;

    it('redacts the customer’s tickets through Zendesk’s API as a retried job after the erasure, never inside it', async () => {
      // Prepare: her case and ticket, a reply she sent with a photo, and the team's pending note naming her
      const { recoveryCase, ticket } = await openCaseWithTicket({
        orderId: '5000000000000000099',
        customer: { key: `c:${ZENOBIA.id}`, email: ZENOBIA.email, firstName: ZENOBIA.firstName, lastName: ZENOBIA.lastName },
        origin: feedbackOrigin(WORDS),
      });
      ticket.comments.push({
        id: 99_001,
        body: 'Photo attached. Zenobia',
        htmlBody: '<div class="zd-comment" dir="auto">Photo attached. <b>Zenobia</b><br><a href="mailto:zenobia.q@example.com">zenobia.q@example.com</a></div>',
        public: true,
        attachments: [{ content_url: 'https://acme.zendesk.com/attachments/token/abc/?name=lid.jpg', file_name: 'lid.jpg' }],
      });
      await patchCase(recoveryCase.id, { state: 'resolved', outcome: { resolution: 'put_right', note: 'Called Zenobia Quarrington' } });
      const before = zendesk.requests.length;
      const body = redactBody();
      // Act
      const erased = await app.post('/webhooks/shopify', body, { ...shopifyHeaders(body, ACME.webhookSecret, { topic: 'customers/redact', shopDomain: ACME.shopDomain }), 'X-Shopify-Webhook-Id': 'wh-redact-1' });
      const duringErasure = zendesk.requests.length - before;
      const queued = await app.context.db.query<{ row: string }>('SELECT row_to_json(j)::text AS row FROM helpdesk_jobs j WHERE case_id = $1', [recoveryCase.id]);
      zendesk.failNext(QUICK_RETRIES.retries + 1, { status: 503, body: { error: 'ServiceUnavailable' } });
      const now = new Date();
      const down = await workJobs(now);
      const back = await workJobs(new Date(now.getTime() + MINUTE));
      // Assess
      expect(erased).toMatchObject({ status: 200, json: { status: 'erased' } });
      expect(duringErasure).toBe(0);
      expect(queued.map(({ row }) => JSON.parse(row))).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'redact_ticket', ticket_id: String(ticket.id), state: 'pending' }),
          expect.objectContaining({ kind: 'solve_ticket', payload: { note: ERASED_SOLVE_NOTE }, state: 'pending' }),
        ]),
      );
      for (const needle of [ZENOBIA.firstName, ZENOBIA.lastName, ZENOBIA.email, 'teapot']) {
        expect(queued.some(({ row }) => row.includes(needle)), needle).toBe(false);
      }
      expect(down.retrying).toBeGreaterThan(0);
      expect(down.done + back.done).toBe(2);
      expect(await jobsOf(recoveryCase.id)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'redact_ticket', state: 'done' })]));
      // every comment of the ticket: nothing of her left, marks where her words were, the photo gone
      const redactions = requestsTo(/^PUT \/api\/v2\/comment_redactions\/\d+\.json$/, before);
      expect(redactions.length).toBeGreaterThanOrEqual(2);
      expect(JSON.parse(redactions[0]?.body.toString('utf8') ?? '{}')).toMatchObject({ ticket_id: ticket.id, html_body: expect.stringContaining('<redact>') });
      const shown = JSON.stringify(ticket.comments);
      for (const needle of [ZENOBIA.firstName, ZENOBIA.lastName, ZENOBIA.email, 'teapot', '0612345678', 'lid.jpg']) expect(shown, needle).not.toContain(needle);
      expect(ticket.comments[0]?.body).toContain('\u2587');
      expect(ticket.comments.find((comment) => comment.id === 99_001)?.attachments).toEqual([expect.objectContaining({ file_name: 'redacted.txt' })]);
    });

    it('a retried customers/redact renews the job, which redacts only what is left', async () => {
      // Prepare: the ticket of the test before, already redacted
      const ticketId = (await app.context.db.query<{ ticket_id: string }>(`SELECT ticket_id FROM helpdesk_jobs WHERE kind = 'redact_ticket' LIMIT 1`))[0]?.ticket_id;
      const body = redactBody();
      const before = zendesk.requests.length;
      // Act
      const retried = await app.post('/webhooks/shopify', body, { ...shopifyHeaders(body, ACME.webhookSecret, { topic: 'customers/redact', shopDomain: ACME.shopDomain }), 'X-Shopify-Webhook-Id': 'wh-redact-2' });
      const run = await workJobs();
      // Assess: only afterglow's own neutral note, added after the first redaction, is left to redact
      expect(retried.status).toBe(200);
      expect(run.done).toBe(1);
      expect(requestsTo(new RegExp(`^GET /api/v2/tickets/${ticketId}/comments\\.json$`), before)).toHaveLength(1);
      const redactions = requestsTo(/comment_redactions/, before);
      expect(redactions).toHaveLength(1);
      expect(JSON.parse(redactions[0]?.body.toString('utf8') ?? '{}').html_body).toContain('<redact>Resolved in afterglow.');
    });
  });
});
