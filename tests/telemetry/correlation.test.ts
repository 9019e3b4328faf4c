import { ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApiEvent } from '../../events/http-api-event.ts';
import type { KafkaLambdaRecord } from '../../events/kafka-lambda-event.ts';
import { handler as orders } from '../../functions/orders.ts';
import { handler as recovery } from '../../functions/recovery.ts';
import { handler as webhook } from '../../functions/webhook.ts';
import { useAppContext, type AppContext } from '../../lib/runtime/app-context.ts';
import { useLambdaTelemetry } from '../../lib/telemetry/lambda-telemetry.ts';
import { captureLogs, lambdaContextOf, type CapturedLogs } from '../support/captured-logs.ts';
import { startFakeZendesk, type FakeZendesk } from '../support/fake-helpdesk.ts';
import { readTopic, startKafka, type TestKafka, type TopicMessage } from '../support/kafka.ts';
import { lifecycleEvent } from '../support/journey.ts';
import { kafkaRecordFactory, selfManagedKafkaEvent } from '../support/kafka-records.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { shopifyFixtureOf } from '../support/shared.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { sqsLambdaEventOf, startTestSqs, type TestQueue, type TestSqs } from '../support/sqs.ts';
import { waitFor } from '../support/test-app.ts';
import { createTestContext, QUICK_RETRIES, setTenantSettings } from '../support/test-context.ts';

const SECRET = 'shpss_correlation';

/** A signed Shopify webhook as API Gateway's HTTP API hands it to the webhook function. */
const webhookEventOf = (body: Buffer, headers: Record<string, string>): HttpApiEvent => ({
  version: '2.0',
  routeKey: 'POST /webhooks/{platform}/{tenantId}',
  rawPath: '/webhooks/shopify/acme',
  rawQueryString: '',
  headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
  pathParameters: { platform: 'shopify', tenantId: 'acme' },
  requestContext: { requestId: 'apigw-1', timeEpoch: Date.now(), http: { method: 'POST', path: '/webhooks/shopify/acme', sourceIp: '203.0.113.9' } },
  body: body.toString('base64'),
  isBase64Encoded: true,
});

/** A message read off the topic, as the Kafka event source mapping delivers it (header values as bytes). */
const recordOf = (message: TopicMessage, topic: string): KafkaLambdaRecord => ({
  ...kafkaRecordFactory(message.value, { topic, partition: message.partition, offset: Number(message.offset) }),
  key: Buffer.from(message.key ?? '', 'utf8').toString('base64'),
  headers: Object.entries(message.headers).map(([name, value]) => ({ [name]: [...Buffer.from(value, 'utf8')] })),
});

/**
 * The correlation id born at the webhook (the platform's delivery id) through the real services:
 * the webhook function publishes to a Kafka-protocol broker (librdkafka's mock), the orders function
 * raises a recovery signal on SQS (fauxqs), the recovery function opens a Zendesk ticket, and
 * every step's log lines, written by Powertools' logger as on Lambda, carry it.
 */
describe('correlation id: webhook → Kafka → orders → SQS → recovery → Zendesk', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let sqs: TestSqs;
  let zendesk: FakeZendesk;
  let queue: TestQueue;
  let context: AppContext;
  let logs: CapturedLogs;

  beforeAll(async () => {
    [database, kafka, sqs, zendesk] = await Promise.all([createTestDatabase('correlation'), startKafka(), startTestSqs(), startFakeZendesk()]);
    queue = await sqs.createQueue('correlation');
    // As Lambda sets it for an on-demand execution environment: Powertools reports the first invocation as the cold start.
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    logs = captureLogs();
    useLambdaTelemetry(logs.telemetry);
    context = await createTestContext(
      { DATABASE_URL: database.url, ...kafka.env, ...queue.env },
      [{ id: 'acme', platform: 'shopify', webhookSecret: SECRET, shopDomain: 'acme.myshopify.com' }],
      { retryPolicy: QUICK_RETRIES },
    );
    await setTenantSettings(context, 'acme', zendesk.settings);
    useAppContext(context);
  });
  afterAll(async () => {
    useAppContext(null);
    useLambdaTelemetry(null);
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    await context?.close();
    await Promise.all([kafka?.stop(), sqs?.stop(), zendesk?.close()]);
    await database?.drop();
  });

  const receive = async (count: number): Promise<Message[]> => {
    const messages: Message[] = [];
    await waitFor(async () => {
      const answer = await sqs.client.send(
        new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
      );
      messages.push(...(answer.Messages ?? []));
      return messages.length >= count;
    }, { what: `${count} message(s) on the recovery queue` });
    return messages;
  };
  const lambdaEventOf = (messages: Message[]) => sqsLambdaEventOf(messages, queue.queueArn);

  it("the delivery id is in the Kafka headers, the SQS attributes, the helpdesk call and every function's log lines", async () => {
    // Prepare: a cancelled order (a proactive recovery case), delivered with the id Shopify gives it
    const deliveryId = 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043';
    const body = shopifyFixtureOf('shopify_order_cancelled_refunded.order-resource.json', 'acme.myshopify.com');
    const headers = shopifyHeaders(body, SECRET, { topic: 'orders/cancelled', eventId: deliveryId, shopDomain: 'acme.myshopify.com' });
    // Act
    const reply = await webhook(webhookEventOf(body, headers), lambdaContextOf('afterglow-test-webhook'));
    const [published] = await readTopic(kafka.brokers, kafka.topics.orders, { atLeast: 1 });
    await orders(selfManagedKafkaEvent([recordOf(published as TopicMessage, kafka.topics.orders)]), lambdaContextOf('afterglow-test-orders'));
    const signals = await receive(1);
    const handled = await recovery(lambdaEventOf(signals), lambdaContextOf('afterglow-test-recovery'));
    // Assess
    expect(reply.statusCode).toBe(202);
    expect(published?.headers['correlation-id']).toBe(deliveryId);
    expect(signals[0]?.MessageAttributes?.['correlation-id']?.StringValue).toBe(deliveryId);
    expect(handled).toEqual({ batchItemFailures: [] });
    const ticketCall = zendesk.requests.find((request) => request.method === 'POST' && request.path === '/api/v2/tickets.json');
    expect(ticketCall?.headers['x-correlation-id']).toBe(deliveryId);
    const entries = logs.entries().filter((entry) => typeof entry.function_name === 'string');
    for (const functionName of ['afterglow-test-webhook', 'afterglow-test-orders', 'afterglow-test-recovery']) {
      const own = entries.filter((entry) => entry.function_name === functionName && entry.correlation_id === deliveryId);
      expect(own.length, `log lines of ${functionName} with the delivery id`).toBeGreaterThan(0);
      expect(own[0]).toMatchObject({ service: 'afterglow', function_request_id: expect.stringMatching(new RegExp(`^req-${functionName}-`)), cold_start: expect.any(Boolean) });
    }
    expect(entries.find((entry) => entry.function_name === 'afterglow-test-webhook')?.cold_start).toBe(true);
    expect(entries.filter((entry) => entry.function_name !== 'afterglow-test-webhook').every((entry) => entry.cold_start === false)).toBe(true);
    expect(entries.some((entry) => entry.message === 'provider call' && entry.correlation_id === deliveryId && entry.host === new URL(zendesk.url).host)).toBe(true);
  });

  it('an event published without a correlation id gets a fresh one, carried on from there', async () => {
    // Prepare: a record as an older producer wrote it, with no headers at all
    const record = kafkaRecordFactory(lifecycleEvent('9001', 'cancelled', '2026-11-30T10:00:00.000Z'), { topic: kafka.topics.orders, offset: 9001 });
    // Act
    await orders(selfManagedKafkaEvent([record]), lambdaContextOf('afterglow-test-orders'));
    const [signal] = await receive(1);
    // Assess
    const carried = signal?.MessageAttributes?.['correlation-id']?.StringValue;
    expect(carried).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(logs.entries().some((entry) => entry.message === 'proactive recovery signal raised' && entry.correlation_id === carried)).toBe(true);
  });

  it('each invocation writes its metrics as CloudWatch EMF: namespace afterglow, dimensions service and function', () => {
    // Assess (the invocations of the tests above)
    const documents = logs.metricLines.map((line) => JSON.parse(line) as Record<string, any>);
    const named = (metric: string) => documents.filter((document) => document._aws.CloudWatchMetrics[0].Metrics.some((entry: { Name: string }) => entry.Name === metric));
    const [accepted] = named('WebhooksAccepted');
    expect(accepted).toMatchObject({ service: 'afterglow', function: 'webhook', webhook: 'orders', WebhooksAccepted: 1 });
    expect(accepted?._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'afterglow', Dimensions: [expect.arrayContaining(['service', 'function', 'webhook'])] });
    expect(named('CasesOpened')[0]).toMatchObject({ function: 'recovery', severity: expect.any(String), CasesOpened: 1 });
    expect(named('MessagesSent')[0]).toMatchObject({ function: 'recovery', provider: 'zendesk' });
  });
});
