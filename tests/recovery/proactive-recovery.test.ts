import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as recovery } from '../../functions/recovery.ts';
import type { OrderEvent } from '../../events/order-event.ts';
import { RecoverySignalSchema } from '../../events/recovery-signal.ts';
import { UpstreamUnavailableError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/logger.ts';
import { raiseProactiveRecovery } from '../../lib/recovery/proactive-signals.ts';
import { useAppContext, type AppContext } from '../../lib/runtime/app-context.ts';
import { openSqsRecoveryQueue, sqsSettingsFrom } from '../../lib/transport/sqs-recovery-queue.ts';
import { orderEventFactory } from '../support/kafka-records.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestSqs, type TestSqs } from '../support/sqs.ts';
import { waitFor } from '../support/test-app.ts';
import { createTestContext } from '../support/test-context.ts';

const now = new Date('2026-11-23T10:00:00Z');
const eventsFactory = (): OrderEvent[] => {
  const base = orderEventFactory();
  const customer = (key: string) => ({ ...base.customer, key });
  return [
    orderEventFactory({ eventId: 'e-cancel', orderId: '8001', kind: 'cancelled', customer: customer('c:p1'), order: { ...base.order, id: '8001', cancelReason: 'inventory' } }),
    orderEventFactory({ eventId: 'e-refund', orderId: '8002', kind: 'refunded', customer: customer('c:p2'), order: { ...base.order, id: '8002', refundedTotal: '199.00' } }),
    orderEventFactory({
      eventId: 'e-lost',
      orderId: '8003',
      customer: customer('c:p3'),
      order: { ...base.order, id: '8003' },
      fulfilment: { status: 'failure', fulfilledAt: '2025-04-02T16:31:05.000Z', deliveredAt: null },
    }),
    orderEventFactory({ eventId: 'e-fine', orderId: '8004', customer: customer('c:p4'), order: { ...base.order, id: '8004' } }),
  ];
};

/** The order stream's reaction, against the real store and queues: signals out, cases in. */
describe('proactive recovery from order events', () => {
  let database: TestDatabase;
  let sqs: TestSqs;
  let context: AppContext;

  beforeAll(async () => {
    [database, sqs] = await Promise.all([createTestDatabase('proactive'), startTestSqs()]);
    context = await createTestContext({ DATABASE_URL: database.url }, [{ id: 'acme', platform: 'shopify', webhookSecret: 'secret' }]);
    useAppContext(context);
  });
  afterAll(async () => {
    useAppContext(null);
    await context?.close();
    await sqs?.stop();
    await database?.drop();
  });

  it('cancelled by the shop, refunded, delivery failed: each becomes a case before any feedback arrives (local queue)', async () => {
    // Prepare
    const raise = raiseProactiveRecovery({ recoveryQueue: context.recoveryQueue, clock: () => now, logger: silentLogger });
    // Act
    const signals = await raise(eventsFactory());
    const consumer = context.recoveryQueue.consume({ handler: recovery });
    try {
      const cases = await waitFor(async () => {
        const found = await context.recoveryCases.list('acme');
        return found.length === 3 && found;
      }, { what: 'three cases' });
      // Assess
      expect(signals.map((signal) => signal.signalId)).toEqual([
        'order:8001:cancelled_by_merchant',
        'order:8002:refunded_full',
        'order:8003:delivery_failed',
      ]);
      const byOrder = Object.fromEntries(cases.map((recoveryCase) => [recoveryCase.orderId, recoveryCase]));
      expect(byOrder['8001']).toMatchObject({ severity: 'high', categories: ['order_cancelled'], remedies: [{ remedy: 'discount_code' }] });
      // Already refunded in full: the money is back, so no refund is suggested, and it is not an emergency
      expect(byOrder['8002']).toMatchObject({ severity: 'normal', categories: ['refund_given'], remedies: [{ remedy: 'apology' }] });
      expect(byOrder['8003']).toMatchObject({ severity: 'high', categories: ['lost_or_not_received'], remedies: [{ remedy: 'reship' }] });
    } finally {
      await consumer.stop();
    }
  });

  it('raising again (a redelivered order batch) sends the same signal ids, which join nothing twice', async () => {
    // Act
    await raiseProactiveRecovery({ recoveryQueue: context.recoveryQueue, clock: () => now, logger: silentLogger })(eventsFactory());
    const consumer = context.recoveryQueue.consume({ handler: recovery });
    try {
      await waitFor(async () => (await context.db.query('SELECT 1 FROM local_queue_messages')).length === 0, { what: 'the queue drained' });
    } finally {
      await consumer.stop();
    }
    // Assess
    const cases = await context.recoveryCases.list('acme');
    expect(cases).toHaveLength(3);
    expect(cases.every((recoveryCase) => recoveryCase.signalCount === 1)).toBe(true);
  });

  it('on SQS: the signals are on the queue as RecoverySignal messages', async () => {
    // Prepare
    const queue = await sqs.createQueue('proactive');
    const adapter = await openSqsRecoveryQueue(sqsSettingsFrom(queue.queueUrl, queue.env), silentLogger);
    // Act
    await raiseProactiveRecovery({ recoveryQueue: adapter, clock: () => now, logger: silentLogger })(eventsFactory());
    // Assess
    const bodies: string[] = [];
    await waitFor(async () => {
      const answer = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      bodies.push(...(answer.Messages ?? []).map((message) => message.Body ?? ''));
      return bodies.length >= 3;
    }, { what: 'three messages' });
    expect(bodies.map((body) => RecoverySignalSchema.parse(JSON.parse(body)).origin).map((origin) => origin.kind === 'order' && origin.failure).sort()).toEqual([
      'cancelled_by_merchant',
      'delivery_failed',
      'refunded_full',
    ]);
    await adapter.close();
  });

  it('a queue that is down rejects with UpstreamUnavailableError, so the order batch is retried', async () => {
    // Prepare: nothing listens on this endpoint
    const adapter = await openSqsRecoveryQueue(
      sqsSettingsFrom('http://sqs.us-east-1.localhost:1/000000000000/gone', { AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }),
      silentLogger,
    );
    // Act
    const raised = raiseProactiveRecovery({ recoveryQueue: adapter, clock: () => now, logger: silentLogger })(eventsFactory());
    // Assess
    await expect(raised).rejects.toThrow(UpstreamUnavailableError);
    await adapter.close();
  });
});
