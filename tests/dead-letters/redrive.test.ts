import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferedIo } from '../../lib/cli/io.ts';
import { runStoreCommand } from '../../lib/cli/store-commands.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { orderEventFactory } from '../support/kafka-records.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { recoverySignalFactory } from '../support/recovery-signals.ts';
import { startTestSqs, type TestSqs } from '../support/sqs.ts';
import { startTestApp, waitFor, type TestApp } from '../support/test-app.ts';

/**
 * Dead letters come back: `npx afterglow dead-letters list | show | redrive` against `npm start`'s
 * runtime on PostgreSQL (its orders consumer running on the store-backed log), fauxqs playing
 * Lambda's Kafka failure queue, and the tenant API's listing.
 */
describe('dead-letter redrive', () => {
  let database: TestDatabase;
  let sqs: TestSqs;
  let app: TestApp;
  let acmeKey: string;
  let globexKey: string;

  beforeAll(async () => {
    [database, sqs] = await Promise.all([createTestDatabase('dead_letter_redrive'), startTestSqs()]);
    app = await startTestApp({ DATABASE_URL: database.url, AWS_ENDPOINT_URL_SQS: sqs.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    acmeKey = (await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' })).apiKey;
    globexKey = (await app.createTenant({ id: 'globex', platform: 'shopify', webhookSecret: 'secret' })).apiKey;
  });
  afterAll(async () => {
    await app?.stop();
    await sqs?.stop();
    await database?.drop();
  });

  const cli = async (...argv: string[]) => {
    const io = bufferedIo();
    await runStoreCommand(argv, app.context, io);
    return io.stdout.map((line) => JSON.parse(line));
  };
  /** A valid order the orders function gave up on during an outage (its retries used up). */
  const setAside = (orderId: string, offset: number, tenantId = 'acme') => {
    const event = orderEventFactory({ orderId, eventId: `redrive:${orderId}`, tenantId });
    return app.context.deadLetters.send({
      source: { kind: 'kafka', topic: app.context.topics.orders, partition: 1, offset: String(offset) },
      handler: 'orders',
      reason: 'database unavailable after 5 retries',
      key: `${tenantId}/${event.customer.key}`,
      payload: Buffer.from(JSON.stringify(event)),
    });
  };

  it('list and show: what was set aside, where, and why; show carries the payload', async () => {
    // Prepare
    await setAside('rd-list', 900);
    // Act
    const listed = await cli('dead-letters', 'list', '--handler', 'orders');
    const [shown] = await cli('dead-letters', 'show', 'kafka:afterglow.orders:1:900');
    // Assess
    expect(listed).toContainEqual(expect.objectContaining({ id: 'kafka:afterglow.orders:1:900', tenantId: 'acme', reason: 'database unavailable after 5 retries', redrivenAt: null }));
    expect(listed.every((entry) => entry.payload === undefined)).toBe(true);
    expect(JSON.parse(shown.payload)).toMatchObject({ eventId: 'redrive:rd-list' });
    await expect(cli('dead-letters', 'show', 'kafka:afterglow.orders:1:404')).rejects.toThrow(NotFoundError);
  });

  it('redrive republishes each dead letter once onto its topic, and the orders function then stores it', async () => {
    // Prepare: two orders lost to an outage, and a recovery signal the recovery function gave up on
    await setAside('rd-1', 901);
    await setAside('rd-2', 902);
    const signal = recoverySignalFactory({ signalId: 'redrive:signal', customer: { key: 'c:redrive' } });
    await app.context.deadLetters.send({
      source: { kind: 'sqs', queue: 'arn:aws:sqs:us-east-1:123456789012:afterglow-dev-recovery', messageId: 'm-redrive' },
      handler: 'recovery',
      reason: 'Zendesk answered 503 five times',
      key: 'acme',
      tenantId: 'acme',
      payload: Buffer.from(JSON.stringify(signal)),
    });
    // Act
    const [first] = await cli('dead-letters', 'redrive');
    const [again] = await cli('dead-letters', 'redrive', '--source', 'table');
    // Assess
    expect(first.redriven).toEqual(expect.arrayContaining(['kafka:afterglow.orders:1:901', 'kafka:afterglow.orders:1:902', 'sqs:arn:aws:sqs:us-east-1:123456789012:afterglow-dev-recovery:m-redrive']));
    expect(first.failed).toEqual([]);
    expect(again.redriven).toEqual([]);
    for (const orderId of ['rd-1', 'rd-2']) {
      expect(await waitFor(async () => (await app.context.orders.find('acme', orderId)) ?? undefined)).toMatchObject({ customerKey: 'c:1073339470' });
    }
    // the running recovery function files the signal on a case
    const recovered = await waitFor(async () => (await app.context.recoveryCases.list('acme')).find((candidate) => candidate.customerKey === 'c:redrive'));
    expect(recovered.signalCount).toBe(1);
    const [shown] = await cli('dead-letters', 'show', 'kafka:afterglow.orders:1:901');
    expect(shown.redrivenAt).not.toBeNull();
  });

  it('from the afterglow.dlq topic: the same dead letters are not republished twice, whichever path found them', async () => {
    // Prepare: one more, on the topic (the sink publishes there and records in the store)
    await setAside('rd-dlq', 903);
    // Act
    const [summary] = await cli('dead-letters', 'redrive', '--source', 'dlq', '--handler', 'orders');
    // Assess
    expect(summary.redriven).toEqual(['kafka:afterglow.orders:1:903']);
    expect(summary.alreadyRedriven).toEqual(expect.arrayContaining(['kafka:afterglow.orders:1:901', 'kafka:afterglow.orders:1:902']));
    await waitFor(async () => (await app.context.orders.find('acme', 'rd-dlq')) ?? undefined);
  });

  it("from Lambda's Kafka failure queue: the records its on-failure record names are read back from their topic and republished", async () => {
    // Prepare: two orders on the log, whose batch Lambda gave up on (its record names their offsets)
    const events = ['rd-f1', 'rd-f2'].map((orderId) => orderEventFactory({ orderId, eventId: `failure:${orderId}`, customer: { ...orderEventFactory().customer, key: 'c:failure' } }));
    await app.context.db.query('DELETE FROM orders WHERE order_id = ANY($1)', [['rd-f1', 'rd-f2']]);
    const published = await app.context.db.query<{ offset: string; partition: number }>(
      `INSERT INTO local_log (topic, partition, key, value) VALUES ('afterglow.failed-source', 2, 'acme/c:failure', $1), ('afterglow.failed-source', 2, 'acme/c:failure', $2) RETURNING "offset"::text AS "offset", partition`,
      events.map((event) => Buffer.from(JSON.stringify(event))),
    );
    const queue = await sqs.client.send(new CreateQueueCommand({ QueueName: 'afterglow-test-kafka-failures' }));
    const queueUrl = queue.QueueUrl ?? '';
    const onFailure = {
      requestContext: { requestId: 'a1b2', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:afterglow-dev-orders', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 6 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      KafkaBatchInfo: {
        batchSize: 2,
        eventSourceArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/afterglow/abc-1',
        bootstrapServers: 'b-1.afterglow.kafka.us-east-1.amazonaws.com:9098',
        payloadSize: 2048,
        recordsInfo: {
          'afterglow.failed-source-2': {
            firstRecordOffset: published[0]?.offset,
            firstRecordTimestamp: new Date().toISOString(),
            lastRecordOffset: published[1]?.offset,
            lastRecordTimestamp: new Date().toISOString(),
          },
        },
      },
    };
    await sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(onFailure) }));
    // Act
    const [summary] = await cli('dead-letters', 'redrive', '--source', 'kafka-on-failure', '--queue', queueUrl);
    const [again] = await cli('dead-letters', 'redrive', '--source', 'kafka-on-failure', '--queue', queueUrl);
    // Assess
    expect(summary.redriven).toEqual(published.map((row) => `kafka:afterglow.failed-source:2:${row.offset}`));
    expect(again.redriven).toEqual([]);
    const republished = await app.context.db.query<{ headers: Record<string, string> }>(`SELECT headers FROM local_log WHERE topic = 'afterglow.failed-source' AND headers ? 'x-afterglow-redrive-of'`);
    expect(republished).toHaveLength(2);
    const left = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect(left.Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('GET /api/dead-letters lists only the calling tenant’s dead letters', async () => {
    // Prepare
    await setAside('gx-1', 950, 'globex');
    const list = async (key: string) => {
      const response = await fetch(`${app.url}/api/dead-letters?limit=100`, { headers: { authorization: `Bearer ${key}` } });
      return { status: response.status, body: (await response.json()) as { deadLetters: { id: string; tenantId: string }[] } };
    };
    // Act
    const [acme, globex, anonymous] = [await list(acmeKey), await list(globexKey), await fetch(`${app.url}/api/dead-letters`)];
    // Assess
    expect(acme.status).toBe(200);
    expect(acme.body.deadLetters.length).toBeGreaterThan(0);
    expect(acme.body.deadLetters.every((letter) => letter.tenantId === 'acme')).toBe(true);
    expect(globex.body.deadLetters.map((letter) => letter.id)).toEqual(['kafka:afterglow.orders:1:950']);
    expect(anonymous.status).toBe(401);
  });
});
