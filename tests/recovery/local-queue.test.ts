import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RecoverySignalSchema } from '../../events/recovery-signal.ts';
import { SqsLambdaEventSchema, type SqsBatchResponse, type SqsLambdaEvent } from '../../events/sqs-lambda-event.ts';
import { silentLogger } from '../../lib/logger.ts';
import type { Database } from '../../lib/store/database.ts';
import { migrate } from '../../lib/store/migrate.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { createLocalRecoveryQueue, type LocalRecoveryQueueOptions } from '../../lib/transport/local-recovery-queue.ts';
import type { RunningConsumer } from '../../lib/transport/kafka-consumer.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { recoverySignalFactory } from '../support/recovery-signals.ts';
import { waitFor } from '../support/test-app.ts';

/** The embedded recovery queue against real PostgreSQL: SQS's delivery semantics, kept in the store. */
describe('local recovery queue', () => {
  let database: TestDatabase;
  let db: Database;
  const running: RunningConsumer[] = [];
  const quick: LocalRecoveryQueueOptions = { visibilityTimeoutMs: 200, pollMs: 20, maxReceiveCount: 3 };

  beforeAll(async () => {
    database = await createTestDatabase('local_queue');
    db = openPostgresDatabase(database.url);
    await migrate(db);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
    await db.query('DELETE FROM local_queue_messages');
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  /** A handler that records every event and fails the messages `fail` picks. */
  const recordingHandler = (fail: (body: string, receiveCount: number) => boolean = () => false) => {
    const events: SqsLambdaEvent[] = [];
    const handler = async (event: SqsLambdaEvent): Promise<SqsBatchResponse> => {
      events.push(event);
      const { Records } = SqsLambdaEventSchema.parse(event);
      return {
        batchItemFailures: Records.filter((record) => fail(record.body, Number(record.attributes.ApproximateReceiveCount))).map(
          (record) => ({ itemIdentifier: record.messageId }),
        ),
      };
    };
    return { events, handler, deliveries: () => events.flatMap((event) => SqsLambdaEventSchema.parse(event).Records) };
  };

  it('delivers a sent signal in the SQS Lambda event shape, once', async () => {
    // Prepare
    const queue = createLocalRecoveryQueue(db, silentLogger, quick);
    const consumer = recordingHandler();
    const { messageId } = await queue.send(recoverySignalFactory());
    // Act
    running.push(queue.consume({ handler: consumer.handler }));
    const [record] = await waitFor(async () => consumer.deliveries().length > 0 && consumer.deliveries(), { what: 'a delivery' });
    // Assess
    expect(record).toMatchObject({
      messageId,
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:afterglow-recovery',
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: { 'signal-id': { stringValue: 'feedback:fb_acme_1073459972:2' } },
    });
    expect(RecoverySignalSchema.parse(JSON.parse(record?.body ?? ''))).toEqual(recoverySignalFactory());
    await waitFor(async () => (await db.query('SELECT 1 FROM local_queue_messages')).length === 0, { what: 'the delete' });
    expect(consumer.deliveries()).toHaveLength(1);
  });

  it('a message named in batchItemFailures comes back after its visibility timeout, counted; the others are deleted', async () => {
    // Prepare: two messages; the handler fails the second on its first delivery only
    const queue = createLocalRecoveryQueue(db, silentLogger, quick);
    const consumer = recordingHandler((body, receiveCount) => body.includes('"signalId":"s-2"') && receiveCount === 1);
    await queue.send(recoverySignalFactory({ signalId: 's-1' }));
    await queue.send(recoverySignalFactory({ signalId: 's-2' }));
    // Act
    running.push(queue.consume({ handler: consumer.handler }));
    await waitFor(async () => consumer.deliveries().length >= 3, { what: 'the redelivery' });
    // Assess
    const seen = consumer.deliveries().map((record) => [JSON.parse(record.body).signalId, record.attributes.ApproximateReceiveCount]);
    expect(seen).toEqual([
      ['s-1', '1'],
      ['s-2', '1'],
      ['s-2', '2'],
    ]);
    await waitFor(async () => (await db.query('SELECT 1 FROM local_queue_messages')).length === 0, { what: 'the deletes' });
  });

  it('a message that keeps failing moves to the dead-letter queue after the max receive count, with afterglow’s reason', async () => {
    // Prepare
    const queue = createLocalRecoveryQueue(db, silentLogger, {
      ...quick,
      failureReasonOf: async (messageId) => `Zendesk answered 401 for ${messageId}`,
    });
    const consumer = recordingHandler(() => true);
    const { messageId } = await queue.send(recoverySignalFactory());
    // Act
    running.push(queue.consume({ handler: consumer.handler }));
    const [dead] = await waitFor(async () => {
      const letters = await queue.deadLetters();
      return letters.length > 0 && letters;
    }, { what: 'the dead letter' });
    // Assess
    expect(consumer.deliveries().map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2', '3']);
    expect(dead).toMatchObject({ messageId, receiveCount: 3, reason: `Zendesk answered 401 for ${messageId}` });
    expect((await queue.health()).detail).toMatch(/0 queued, 1 dead-lettered/);
  });

  it('nothing is lost on a restart: a message sent before is delivered by the next process', async () => {
    // Prepare: sent, never consumed, the queue object gone
    const before = createLocalRecoveryQueue(db, silentLogger, quick);
    const { messageId } = await before.send(recoverySignalFactory());
    await before.close();
    // Act
    const after = createLocalRecoveryQueue(db, silentLogger, quick);
    const consumer = recordingHandler();
    running.push(after.consume({ handler: consumer.handler }));
    // Assess
    const [record] = await waitFor(async () => consumer.deliveries().length > 0 && consumer.deliveries(), { what: 'the delivery' });
    expect(record?.messageId).toBe(messageId);
  });

  it('a handler that throws fails the whole batch: every message comes back', async () => {
    // Prepare
    const queue = createLocalRecoveryQueue(db, silentLogger, quick);
    let calls = 0;
    const counts: string[] = [];
    running.push(
      queue.consume({
        handler: async (event) => {
          calls += 1;
          counts.push(...SqsLambdaEventSchema.parse(event).Records.map((record) => record.attributes.ApproximateReceiveCount));
          if (calls === 1) throw new Error('database down');
          return { batchItemFailures: [] };
        },
      }),
    );
    // Act
    await queue.send(recoverySignalFactory());
    // Assess
    await waitFor(async () => counts.length >= 2, { what: 'the second delivery' });
    expect(counts).toEqual(['1', '2']);
  });
});
