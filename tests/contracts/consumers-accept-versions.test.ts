import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterSchema } from '../../events/dead-letter.ts';
import { toSqsLambdaEvent } from '../../events/sqs-lambda-event.ts';
import { handler as feedbackHandler } from '../../functions/feedback.ts';
import { handler as ordersHandler } from '../../functions/orders.ts';
import { handler as recoveryHandler } from '../../functions/recovery.ts';
import { useAppContext, type AppContext } from '../../lib/runtime/app-context.ts';
import { createTenant } from '../../lib/tenants/create-tenant.ts';
import { contractSamples } from '../support/contract-samples.ts';
import { kafkaRecordFactory, selfManagedKafkaEvent } from '../support/kafka-records.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { createTestContext } from '../support/test-context.ts';

const samples = contractSamples();
const of = (contract: string) => samples.filter((sample) => sample.contract === contract).map((sample) => [sample.file, sample.value] as const);

/**
 * During a rolling deploy old and new producers write side by side: each consumer, as Lambda calls
 * it, takes the saved sample of every version of its contract without dead-lettering it.
 */
describe('consumers accept every version of their contract', () => {
  let database: TestDatabase;
  let context: AppContext;
  let offset = 100;

  beforeAll(async () => {
    database = await createTestDatabase('contract_versions');
    context = await createTestContext({ DATABASE_URL: database.url });
    // the tenants the samples name
    const tenantIds = new Set(samples.map((sample) => sample.value.tenantId).filter((id): id is string => typeof id === 'string'));
    for (const id of tenantIds) await createTenant({ id, platform: 'shopify', webhookSecret: 'secret' }, { tenants: context.tenants });
    useAppContext(context);
  });
  afterAll(async () => {
    useAppContext(null);
    await context?.close();
    await database?.drop();
  });

  const deadLettered = async (handler: string) => (await context.deadLetterStore.list({ handler })).length;

  it.each(of('order-event'))('the orders function takes %s', async (_file, value) => {
    const before = await deadLettered('orders');
    const result = await ordersHandler(selfManagedKafkaEvent([kafkaRecordFactory(value as never, { offset: (offset += 1) })]));
    expect(result.outcomes[0]).toMatch(/^(recorded|duplicate)$/);
    expect(await deadLettered('orders')).toBe(before);
  });

  it.each(of('feedback-event'))('the feedback function takes %s', async (_file, value) => {
    const before = await deadLettered('feedback');
    const result = await feedbackHandler(selfManagedKafkaEvent([kafkaRecordFactory(value as never, { topic: 'afterglow.feedback', offset: (offset += 1) })]));
    expect(result.outcomes[0]).toMatch(/^(classified|superseded)$/);
    expect(await deadLettered('feedback')).toBe(before);
  });

  it.each(of('recovery-signal'))('the recovery function takes %s', async (file, value) => {
    const before = await deadLettered('recovery');
    const event = toSqsLambdaEvent(
      [{ messageId: `m-${file}`, receiptHandle: `m-${file}:1`, body: JSON.stringify(value), receiveCount: 1, sentAt: new Date(), firstReceivedAt: new Date() }],
      'arn:aws:sqs:us-east-1:123456789012:afterglow-dev-recovery',
    );
    expect(await recoveryHandler(event)).toEqual({ batchItemFailures: [] });
    expect(await deadLettered('recovery')).toBe(before);
  });

  it('a version newer than the consumer reads comes back to be retried after the deploy, never dead-lettered', async () => {
    // Prepare: the newest samples, one version ahead of what these consumers know
    const ahead = (contract: string) => {
      const newest = samples.filter((sample) => sample.contract === contract).at(-1)?.value ?? {};
      return { ...newest, version: (newest.version as number) + 1 };
    };
    const before = [await deadLettered('orders'), await deadLettered('feedback'), await deadLettered('recovery')];
    const sqsEvent = toSqsLambdaEvent(
      [{ messageId: 'm-ahead', receiptHandle: 'm-ahead:1', body: JSON.stringify(ahead('recovery-signal')), receiveCount: 1, sentAt: new Date(), firstReceivedAt: new Date() }],
      'arn:aws:sqs:us-east-1:123456789012:afterglow-dev-recovery',
    );
    // Act + Assess: each invocation fails (its only record is retryable), so the event source delivers it again
    await expect(ordersHandler(selfManagedKafkaEvent([kafkaRecordFactory(ahead('order-event') as never, { offset: (offset += 1) })]))).rejects.toThrow(
      /OrderEvent version \d+ is newer than this consumer reads/,
    );
    await expect(
      feedbackHandler(selfManagedKafkaEvent([kafkaRecordFactory(ahead('feedback-event') as never, { topic: 'afterglow.feedback', offset: (offset += 1) })])),
    ).rejects.toThrow(/FeedbackEvent version \d+ is newer/);
    await expect(recoveryHandler(sqsEvent)).rejects.toThrow(/RecoverySignal version \d+ is newer/);
    expect([await deadLettered('orders'), await deadLettered('feedback'), await deadLettered('recovery')]).toEqual(before);
  });

  it.each(of('dead-letter'))('the dead-letter store and its readers take %s', async (_file, value) => {
    const letter = DeadLetterSchema.parse(value);
    await context.deadLetterStore.record(letter);
    const listed = await context.deadLetterStore.list({ handler: letter.handler });
    expect(listed.map((candidate) => DeadLetterSchema.parse(candidate))).toContainEqual(letter);
  });
});
