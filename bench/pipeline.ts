import { Kafka, logLevel } from 'kafkajs';
import { handler as ordersHandler } from '../functions/orders.ts';
import { createAppContext, useAppContext } from '../lib/runtime/app-context.ts';
// Everything in one process: the Kafka event log too (functions/ choose their own).
import '../lib/runtime/kafka-adapter.ts';
import { loadConfig } from '../lib/runtime/config.ts';
import { createTenant } from '../lib/tenants/create-tenant.ts';
import { kafkaSettingsFrom } from '../lib/transport/kafka-config.ts';
import { startKafkaConsumer } from '../lib/transport/kafka-consumer.ts';
import { createKafkaClient } from '../lib/transport/kafka-event-log.ts';
import { silentLogger } from '../lib/logger.ts';
import { orderEventFactory } from '../tests/support/kafka-records.ts';
import { startKafka } from '../tests/support/kafka.ts';
import { createTestDatabase } from '../tests/support/postgres.ts';

export interface PipelineResult {
  readonly events: number;
  readonly eventsPerSecond: number;
  /** This process's CPU (every thread: the consumer, pg, GC) from the first message seen to the last handled, per event. */
  readonly cpuMsPerEvent: number;
}

/** Seconds from the first message seen to the last one handled: group joins are not counted. */
const clock = () => {
  let first = 0;
  let cpu: NodeJS.CpuUsage | undefined;
  return {
    seen: () => {
      cpu ??= process.cpuUsage();
      return (first ||= performance.now());
    },
    elapsed: () => (performance.now() - first) / 1000,
    cpuMs: () => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1000;
    },
  };
};

/**
 * The orders pipeline (kafkajs consumer group → orders function → PostgreSQL) against a raw
 * kafkajs consumer that does nothing with what it reads, on the same topic of the same broker.
 */
export const benchPipeline = async (options: { events: number }): Promise<{ baseline: PipelineResult; afterglow: PipelineResult }> => {
  const [database, kafka] = await Promise.all([createTestDatabase('bench_pipeline'), startKafka()]);
  const context = await createAppContext(loadConfig({ DATABASE_URL: database.url, ...kafka.env, LOG_LEVEL: 'silent' }));
  useAppContext(context);
  const client = new Kafka({ brokers: kafka.brokers.split(','), logLevel: logLevel.NOTHING });
  try {
    await createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 's' }, { tenants: context.tenants });
    // Prepare: N order events, 500 customers, several events per order
    const producer = client.producer();
    await producer.connect();
    const messages = Array.from({ length: options.events }, (_, index) => {
      const event = orderEventFactory({
        orderId: String(100_000 + Math.floor(index / 3)),
        eventId: `shopify:orders/updated:bench-${index}`,
        occurredAt: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
        customer: { ...orderEventFactory().customer, key: `c:${index % 500}` },
      });
      return { key: `acme/c:${index % 500}`, value: JSON.stringify(event) };
    });
    for (let start = 0; start < messages.length; start += 500) {
      await producer.send({ topic: kafka.topics.orders, messages: messages.slice(start, start + 500) });
    }
    await producer.disconnect();

    // Baseline: raw kafkajs, eachBatch doing nothing
    const rawClock = clock();
    let rawSeen = 0;
    const raw = client.consumer({ groupId: 'bench-raw', sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 250 });
    await raw.connect();
    await raw.subscribe({ topic: kafka.topics.orders, fromBeginning: true });
    const rawDone = new Promise<number>((resolve) => {
      void raw.run({
        partitionsConsumedConcurrently: 4,
        eachBatch: async ({ batch }) => {
          rawClock.seen();
          rawSeen += batch.messages.length;
          if (rawSeen >= options.events) resolve(rawClock.elapsed());
        },
      });
    });
    const rawSeconds = await rawDone;
    const rawCpuMs = rawClock.cpuMs();
    await raw.disconnect();

    // afterglow: the orders function driven the way `npm start` drives it
    const pipelineClock = clock();
    let handled = 0;
    let finish: (seconds: number) => void = () => undefined;
    const pipelineDone = new Promise<number>((resolve) => (finish = resolve));
    const settings = kafkaSettingsFrom(context.config.env);
    const consumer = startKafkaConsumer({
      kafka: createKafkaClient(settings, silentLogger),
      bootstrapServers: settings.brokers,
      groupId: 'bench-afterglow',
      topics: [kafka.topics.orders],
      logger: silentLogger,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      handler: async (event) => {
        pipelineClock.seen();
        const result = await ordersHandler(event);
        handled += result.processed;
        if (handled >= options.events) finish(pipelineClock.elapsed());
        return result;
      },
    });
    const pipelineSeconds = await pipelineDone;
    const pipelineCpuMs = pipelineClock.cpuMs();
    await consumer.stop();
    const [{ count }] = (await context.db.query<{ count: string }>('SELECT count(*)::text AS count FROM order_events')) as [{ count: string }];
    if (Number(count) !== options.events) throw new Error(`expected ${options.events} stored events, found ${count}`);
    return {
      baseline: { events: options.events, eventsPerSecond: options.events / rawSeconds, cpuMsPerEvent: rawCpuMs / options.events },
      afterglow: { events: options.events, eventsPerSecond: options.events / pipelineSeconds, cpuMsPerEvent: pipelineCpuMs / options.events },
    };
  } finally {
    useAppContext(null);
    await context.close();
    await kafka.stop();
    await database.drop();
  }
};
