import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/recovery.ts';
import { toSqsLambdaEvent } from '../../events/sqs-lambda-event.ts';
import { silentLogger } from '../../lib/logger.ts';
import { useAppContext, type AppContext } from '../../lib/runtime/app-context.ts';
import { openSqsRecoveryQueue, sqsSettingsFrom } from '../../lib/transport/sqs-recovery-queue.ts';
import { startFakeSlack, startFakeZendesk, type FakeSlack, type FakeZendesk } from '../support/fake-helpdesk.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { savedSample } from '../support/kafka-records.ts';
import { recoverySignalFactory } from '../support/recovery-signals.ts';
import { sqsLambdaEventOf, startTestSqs, type TestQueue, type TestSqs } from '../support/sqs.ts';
import { waitFor } from '../support/test-app.ts';
import { createTestContext, QUICK_RETRIES, setTenantSettings } from '../support/test-context.ts';

/**
 * The recovery function as Lambda calls it, fed by fauxqs (the SQS protocol, real visibility and
 * redrive), against real PostgreSQL, with fake Zendesk and Slack servers that speak their APIs.
 */
describe('recovery function (SQS)', () => {
  let database: TestDatabase;
  let sqs: TestSqs;
  let zendesk: FakeZendesk;
  let slack: FakeSlack;
  let context: AppContext;
  let main: TestQueue;

  beforeAll(async () => {
    [database, sqs, zendesk, slack] = await Promise.all([
      createTestDatabase('recovery_fn'),
      startTestSqs(),
      startFakeZendesk(),
      startFakeSlack(),
    ]);
    main = await sqs.createQueue('recovery-main', { maxReceiveCount: 2, visibilityTimeoutSeconds: 1 });
    context = await createTestContext(
      { DATABASE_URL: database.url, ...main.env },
      [
        { id: 'acme', platform: 'shopify', webhookSecret: 'secret' },
        { id: 'refused', platform: 'shopify', webhookSecret: 'secret' },
        { id: 'plain', platform: 'shopify', webhookSecret: 'secret' },
      ],
      { retryPolicy: QUICK_RETRIES },
    );
    await setTenantSettings(context, 'acme', [...zendesk.settings, `recovery.slack.webhookUrl=${slack.webhookUrl}`]);
    // A helpdesk that refuses the credentials: every delivery fails until someone fixes them.
    await setTenantSettings(context, 'refused', [
      `recovery.zendesk.baseUrl=${zendesk.url}`,
      'recovery.zendesk.email=agent@acme.example',
      'recovery.zendesk.apiToken=revoked-token',
    ]);
    useAppContext(context);
  });
  afterAll(async () => {
    useAppContext(null);
    await context?.close();
    await Promise.all([sqs?.stop(), zendesk?.close(), slack?.close()]);
    await database?.drop();
  });

  /** Receives until `count` messages are in hand (fauxqs may hand out fewer per call). */
  const receive = async (queueUrl: string, count: number): Promise<Message[]> => {
    const messages: Message[] = [];
    await waitFor(async () => {
      const answer = await sqs.client.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
      );
      messages.push(...(answer.Messages ?? []));
      return messages.length >= count;
    }, { what: `${count} messages on ${queueUrl}` });
    return messages;
  };
  /** The Lambda event the SQS event source mapping would build from these messages. */
  const lambdaEventOf = (messages: Message[], queue: TestQueue) => sqsLambdaEventOf(messages, queue.queueArn);
  const ticketsFor = (caseId: string) => zendesk.tickets.filter((ticket) => ticket.externalId === caseId);
  /** One message's delivery, as the event source mapping hands it over, without a real queue. */
  const deliveryOf = (messageId: string, signal: ReturnType<typeof recoverySignalFactory>, receiveCount = 1) =>
    toSqsLambdaEvent(
      [{ messageId, receiptHandle: `${messageId}:${receiveCount}`, body: JSON.stringify(signal), receiveCount, sentAt: new Date(), firstReceivedAt: new Date() }],
      main.queueArn,
    );

  it('a batch with one failing message returns exactly that message id; an invalid one is dead-lettered, not failed', async () => {
    // Prepare: three signals on the queue, one for a tenant whose helpdesk refuses, and a body that is not JSON
    const good = await context.recoveryQueue.send(recoverySignalFactory({ signalId: 'batch:good', customer: { key: 'c:batch-1' } }));
    const failing = await context.recoveryQueue.send(recoverySignalFactory({ signalId: 'batch:refused', tenantId: 'refused', customer: { key: 'c:batch-2' } }));
    const other = await context.recoveryQueue.send(recoverySignalFactory({ signalId: 'batch:other', customer: { key: 'c:batch-3' } }));
    const invalid = await sqs.client.send(new SendMessageCommand({ QueueUrl: main.queueUrl, MessageBody: '{"schema":"afterglow.RecoverySignal"' }));
    const messages = await receive(main.queueUrl, 4);
    // Act
    const response = await handler(lambdaEventOf(messages, main));
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: failing.messageId }] });
    const cases = await context.recoveryCases.list('acme');
    expect(cases.map((recoveryCase) => recoveryCase.customerKey).sort()).toEqual(['c:batch-1', 'c:batch-3']);
    // afterglow keeps the reason by message id; the refusal is not a transient failure
    expect(await context.recoveryFailures.find(failing.messageId)).toMatchObject({
      tenantId: 'refused',
      signalId: 'batch:refused',
      retryable: false,
      receiveCount: 1,
      reason: expect.stringMatching(/^Zendesk answered 401/),
    });
    // the invalid body: one DeadLetter, source = the queue and its message id
    const [letter] = await context.deadLetterStore.list({ handler: 'recovery' });
    expect(letter).toMatchObject({
      source: { kind: 'sqs', queue: main.queueArn, messageId: invalid.MessageId },
      reason: expect.stringMatching(/^body is not JSON/),
      payload: '{"schema":"afterglow.RecoverySignal"',
    });
    expect([good.messageId, other.messageId]).not.toContain(failing.messageId);
    // play the event source mapping: delete what did not fail
    for (const message of messages.filter((candidate) => candidate.MessageId !== failing.messageId)) {
      await sqs.client.send(new DeleteMessageCommand({ QueueUrl: main.queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  });

  it('a message failing past the max receive count reaches the DLQ (SQS redrive), and afterglow has its reason', async () => {
    // Prepare: a queue of its own, redriving after 2 receives, driven like the event source mapping
    const queue = await sqs.createQueue('recovery-redrive', { maxReceiveCount: 2, visibilityTimeoutSeconds: 1 });
    const adapter = await openSqsRecoveryQueue(sqsSettingsFrom(queue.queueUrl, queue.env), silentLogger);
    const { messageId } = await adapter.send(recoverySignalFactory({ signalId: 'redrive:1', tenantId: 'refused', customer: { key: 'c:redrive' } }));
    const consumer = adapter.consume({ handler });
    try {
      // Act
      const [dead] = await receive(queue.dlqUrl, 1);
      // Assess: the same message id on the DLQ; its reason is afterglow's, by that id
      expect(dead?.MessageId).toBe(messageId);
      const failure = await context.recoveryFailures.find(messageId);
      expect(failure).toMatchObject({ receiveCount: 2, retryable: false, reason: expect.stringMatching(/^Zendesk answered 401: .*authenticate/) });
      expect(failure?.attempts.map((attempt) => attempt.receiveCount)).toEqual([1, 2]);
    } finally {
      await consumer.stop();
      await adapter.close();
    }
  });

  it('a redelivered message opens no second ticket and posts no second alert; a joining signal adds a note to the same ticket', async () => {
    // Prepare
    const queue = await sqs.createQueue('recovery-redelivery', { maxReceiveCount: 5, visibilityTimeoutSeconds: 1 });
    const adapter = await openSqsRecoveryQueue(sqsSettingsFrom(queue.queueUrl, queue.env), silentLogger);
    await adapter.send(recoverySignalFactory({ signalId: 'redelivery:1', customer: { key: 'c:redelivery' }, orderId: '7001' }));
    const alertsBefore = slack.alerts().length;
    // Act: handled, but never deleted (a Lambda that timed out after the work): SQS delivers it again
    const first = await handler(lambdaEventOf(await receive(queue.queueUrl, 1), queue));
    const second = await receive(queue.queueUrl, 1);
    const again = await handler(lambdaEventOf(second, queue));
    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(second[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    const [recoveryCase] = (await context.recoveryCases.list('acme')).filter((candidate) => candidate.customerKey === 'c:redelivery');
    expect(recoveryCase?.ticketId).not.toBeNull();
    expect(ticketsFor(recoveryCase?.id ?? '')).toHaveLength(1);
    expect(slack.alerts().length - alertsBefore).toBe(1);
    const [ticket] = ticketsFor(recoveryCase?.id ?? '');
    expect(ticket).toMatchObject({ subject: 'Damaged on arrival (NPS 9) — order #1002', priority: 'high', requester: { email: 'foo@example.com' } });
    expect(ticket?.tags).toEqual(expect.arrayContaining(['afterglow', 'recovery', 'afterglow_high', 'damaged']));
    expect(ticket?.body).toMatch(/Suggested: apologise first, then reship \(damaged on arrival\)/);

    // Act: another signal about the same order, escalating it
    await adapter.send(
      recoverySignalFactory({ signalId: 'redelivery:2', customer: { key: 'c:redelivery' }, orderId: '7001', issues: ['legal_threat'], summary: 'Will sue' }),
    );
    await handler(lambdaEventOf(await receive(queue.queueUrl, 1), queue));
    // Assess: still one ticket, now with an internal note raising it to urgent, and one more alert
    expect(ticketsFor(recoveryCase?.id ?? '')).toHaveLength(1);
    expect(ticket?.notes).toEqual([expect.objectContaining({ public: false, priority: 'urgent', body: expect.stringMatching(/^Escalated to urgent/) })]);
    expect(slack.alerts().length - alertsBefore).toBe(2);
    expect(slack.alerts().at(-1)?.text).toMatch(/escalated to urgent/);
    await adapter.close();
  });

  it('reads RecoverySignal v1 and v2 from the same queue: a message queued before the v2 deploy is still worked', async () => {
    // Prepare: the saved v1 sample (a feedback) and the saved v2 sample (a small partial refund), as SQS bodies
    const queue = await sqs.createQueue('recovery-versions', { maxReceiveCount: 5 });
    const sampled = (name: string, signalId: string, key: string) => {
      const body = savedSample(name) as { customer: Record<string, unknown> };
      return { ...body, signalId, customer: { ...body.customer, key } };
    };
    const v1 = sampled('recovery-signal.v1.json', 'versions:v1', 'c:versions-1');
    const v2 = sampled('recovery-signal.v2.order.json', 'versions:v2', 'c:versions-2');
    for (const body of [v1, v2]) await sqs.client.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: JSON.stringify(body) }));
    // Act
    const response = await handler(lambdaEventOf(await receive(queue.queueUrl, 2), queue));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const cases = await context.recoveryCases.list('acme');
    const byCustomer = (key: string) => cases.find((candidate) => candidate.customerKey === key);
    expect(byCustomer('c:versions-1')).toMatchObject({ severity: 'high', categories: ['damaged'], orderId: '1073459972' });
    // 10.00 of 598.94 refunded: small (under 20 %): low, a ticket but no chat alert
    expect(byCustomer('c:versions-2')).toMatchObject({ severity: 'low', categories: ['small_refund'], orderNumber: '#1001' });
    const [signal] = await context.recoveryCases.signalsOf('acme', byCustomer('c:versions-2')?.id ?? '');
    expect(signal).toMatchObject({ helpdesk: 'done', chat: 'skipped' });
  });

  it('a chat alert carries the case link, severity and categories, and nothing of the customer: no name, contact or words', async () => {
    // Prepare: a named customer with an email and a phone, who wrote something
    const alertsBefore = slack.alerts().length;
    const signal = recoverySignalFactory({
      signalId: 'chat:private',
      orderId: '7002',
      orderNumber: '#1042',
      customer: { key: 'c:chat-private', firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example', phone: '+15551230000' },
      origin: { kind: 'feedback', feedbackId: 'fb_private', revision: 1, sentiment: 'unhappy', score: { value: 1, scale: 'nps' }, comment: 'My cat Biscuit chewed the cracked lid' },
      issues: ['damaged'],
    });
    // Act
    await handler(deliveryOf('chat-private-1', signal));
    // Assess
    const alerts = slack.alerts().slice(alertsBefore);
    expect(alerts).toHaveLength(1);
    const posted = JSON.stringify(alerts[0]);
    for (const secret of ['Grace', 'Hopper', 'grace@navy.example', '+15551230000', '5551230000', 'Biscuit', 'chewed']) expect(posted).not.toContain(secret);
    const [recoveryCase] = (await context.recoveryCases.list('acme')).filter((candidate) => candidate.customerKey === 'c:chat-private');
    expect(alerts[0]?.text).toBe(':warning: New high recovery case: Damaged on arrival — order #1042');
    expect(posted).toContain(`/api/cases/${recoveryCase?.id}|Case ${recoveryCase?.id}>`);
    expect(posted).toContain('*Severity:* high');
    // the ticket, in the helpdesk the merchant controls, keeps the customer and their words
    const [ticket] = ticketsFor(recoveryCase?.id ?? '');
    expect(ticket?.body).toContain('Grace Hopper <grace@navy.example>');
    expect(ticket?.body).toContain('"My cat Biscuit chewed the cracked lid"');
    expect(ticket?.subject).toBe('Damaged on arrival (NPS 9) — order #1042');
  });

  it('a ticket opened in Zendesk whose id afterglow lost is found again by the case id, not opened twice', async () => {
    // Prepare: handled once; then afterglow "forgets" the ticket, as after a crash between Zendesk's answer and the store
    const event = deliveryOf('lost-1', recoverySignalFactory({ signalId: 'lost:1', customer: { key: 'c:lost' } }));
    await handler(event);
    const [recoveryCase] = (await context.recoveryCases.list('acme')).filter((candidate) => candidate.customerKey === 'c:lost');
    await context.db.query('UPDATE recovery_cases SET ticket_id = NULL, ticket_url = NULL WHERE id = $1', [recoveryCase?.id]);
    await context.db.query(`UPDATE recovery_case_signals SET helpdesk = 'pending' WHERE signal_id = 'lost:1'`);
    // Act: the redelivery
    const response = await handler(event);
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(ticketsFor(recoveryCase?.id ?? '')).toHaveLength(1);
    expect((await context.recoveryCases.find('acme', recoveryCase?.id ?? ''))?.ticketId).toBe(String(ticketsFor(recoveryCase?.id ?? '')[0]?.id));
  });

  it('a helpdesk outage is retried (quickly in the call, then by SQS), and the retry opens one ticket', async () => {
    // Prepare: Zendesk down for every attempt of the first delivery
    zendesk.failNext(3, { status: 503, body: { error: 'Service Unavailable' } });
    const signal = recoverySignalFactory({ signalId: 'outage:1', customer: { key: 'c:outage' } });
    const delivery = (receiveCount: number) => deliveryOf('outage-1', signal, receiveCount);
    // Act: the only message of its batch fails, so the whole invocation is an error (SQS redelivers it)
    const first = handler(delivery(1));
    await expect(first).rejects.toThrow(/all 1 messages of the batch failed: .*503/);
    const second = await handler(delivery(2));
    // Assess
    expect(await context.recoveryFailures.find('outage-1')).toMatchObject({ retryable: true, reason: expect.stringMatching(/^Zendesk answered 503/) });
    expect(second.batchItemFailures).toEqual([]);
    const [recoveryCase] = (await context.recoveryCases.list('acme')).filter((candidate) => candidate.customerKey === 'c:outage');
    expect(recoveryCase?.signalCount).toBe(1);
    expect(ticketsFor(recoveryCase?.id ?? '')).toHaveLength(1);
  });

  it('a tenant without helpdesk or chat still gets its case, worked through the API', async () => {
    // Act
    const response = await handler(deliveryOf('plain-1', recoverySignalFactory({ signalId: 'plain:1', tenantId: 'plain' })));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const [recoveryCase] = await context.recoveryCases.list('plain');
    expect(recoveryCase).toMatchObject({ state: 'open', severity: 'high', ticketId: null });
    const [signal] = await context.recoveryCases.signalsOf('plain', recoveryCase?.id ?? '');
    expect(signal).toMatchObject({ helpdesk: 'skipped', chat: 'skipped', messageId: 'plain-1' });
  });

  it('an unknown tenant is dead-lettered with its reason, and an event that is not from SQS fails loudly', async () => {
    const response = await handler(deliveryOf('ghost-1', recoverySignalFactory({ signalId: 'ghost:1', tenantId: 'ghost' })));
    expect(response.batchItemFailures).toEqual([]);
    expect(await context.deadLetterStore.has({ kind: 'sqs', queue: main.queueArn, messageId: 'ghost-1' })).toBe(true);
    await expect(handler({ records: {} })).rejects.toThrow(/not an SQS Lambda event/);
  });
});
