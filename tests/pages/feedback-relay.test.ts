import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDispatch } from '../../lib/journey/run-dispatch.ts';
import { useAppContext, type AppContext } from '../../lib/runtime/app-context.ts';
import { changeSettings, deliverAndDispatch, emailInOutbox, feedbackLinkIn, postForm, storedRevisions } from '../support/feedback-journey.ts';
import { consumeTopic, startKafka, startMockCluster, stopProcess, type TestKafka, type TopicConsumer } from '../support/kafka.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { createTestContext } from '../support/test-context.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The answer outlives a Kafka outage: stored first, shown as received, and published by the relay
 * of a later dispatch run once a broker takes it again — once, however many runs there are.
 */
describe('feedback relay: the event log fails, the answer is kept and published later', () => {
  let database: TestDatabase;
  let kafka: TestKafka | undefined;
  let app: TestApp | undefined;
  let dispatchers: AppContext[] = [];
  let feedbackTopic: TopicConsumer | undefined;
  const ORDER_ID = '4400000000000000001';
  const MINUTE_MS = 60_000;

  beforeAll(async () => {
    database = await createTestDatabase('relay');
  });
  afterAll(async () => {
    await feedbackTopic?.stop();
    await Promise.all(dispatchers.map((context) => context.close()));
    await app?.stop();
    await kafka?.stop();
    await database?.drop();
  });

  it('a page submission while the broker is down is stored and thanked; a later dispatch run publishes it exactly once', async () => {
    // Prepare: a broker that was there and is gone; the customer's emailed link
    const gone = await startMockCluster();
    await stopProcess(gone.process);
    app = await startTestApp({ DATABASE_URL: database.url, KAFKA_BROKERS: gone.brokers, KAFKA_IDEMPOTENT: 'false' }, { runSchedules: false });
    await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' });
    await changeSettings(app.context, 'acme', 'shopName=Acme', 'contact.quietHours=null');
    const ask = await deliverAndDispatch(app.context, { orderId: ORDER_ID });
    const link = feedbackLinkIn((await emailInOutbox(app.context, ask)).html);

    // Act 1: the customer answers; a dispatch run comes while the broker is still down
    const reply = await postForm(link, { score: '2', comment: 'The parcel never came.' });
    const runWhileDown = await runDispatch(app.context, new Date(Date.now() + MINUTE_MS));

    // Assess 1: answered (an apology: a case will open), stored, not lost, not yet published
    expect(reply.status).toBe(200);
    expect(reply.html).toContain('We are sorry');
    expect(runWhileDown.feedbackRelayed).toBe(0);
    const [pending] = await storedRevisions(app.context, ORDER_ID);
    expect(pending).toMatchObject({ revision: 1, published: false, event: { score: { value: 2 }, comment: 'The parcel never came.' } });
    await app.stop();
    app = undefined;

    // Act 2: a broker again (a new one: the mock cannot restart on its port); a dispatch run a
    // minute later in one process, then the next runs in another process and in the first again
    kafka = await startKafka();
    feedbackTopic = await consumeTopic(kafka.brokers, kafka.topics.feedback);
    dispatchers = await Promise.all([createTestContext({ DATABASE_URL: database.url, ...kafka.env }), createTestContext({ DATABASE_URL: database.url, ...kafka.env })]);
    const [first, second] = dispatchers as [AppContext, AppContext];
    useAppContext(first);
    const later = Date.now() + MINUTE_MS;
    const runs = [
      await runDispatch(first, new Date(later)),
      await runDispatch(second, new Date(later + MINUTE_MS)),
      await runDispatch(first, new Date(later + 2 * MINUTE_MS)),
    ];

    // Assess 2: on Kafka once, marked published
    const message = await feedbackTopic.waitFor((candidate) => JSON.parse(candidate.value).orderId === ORDER_ID, 'the relayed FeedbackEvent');
    expect(JSON.parse(message.value)).toEqual(pending?.event);
    expect(runs.map((summary) => summary.feedbackRelayed)).toEqual([1, 0, 0]);
    // One more consumer, from the beginning, after everything: still exactly one.
    const recount = await consumeTopic(kafka.brokers, kafka.topics.feedback);
    await recount.waitFor((candidate) => JSON.parse(candidate.value).orderId === ORDER_ID, 'the FeedbackEvent, read again');
    expect(recount.messages.filter((candidate) => JSON.parse(candidate.value).orderId === ORDER_ID)).toHaveLength(1);
    await recount.stop();
    expect(feedbackTopic.messages.filter((candidate) => JSON.parse(candidate.value).orderId === ORDER_ID)).toHaveLength(1);
    expect((await storedRevisions(first, ORDER_ID))[0]?.published).toBe(true);
    useAppContext(null);
  });
});
