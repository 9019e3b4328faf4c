import { randomBytes } from 'node:crypto';
import { createAppContext, useAppContext, type AppContext } from '../runtime/app-context.ts';
import type { AppConfig } from '../runtime/config.ts';
import { kafkaSettingsFrom } from '../transport/kafka-config.ts';
import { startKafkaConsumer, type RunningConsumer } from '../transport/kafka-consumer.ts';
import { createKafkaClient } from '../transport/kafka-event-log.ts';
import { cliRoute } from './cli-route.ts';
import { startHttpServer } from './http-server.ts';
import { FUNCTION_URL_ROUTES, HTTP_ROUTES, kafkaConsumers, SCHEDULES } from './routes.ts';
import { startSchedule } from './scheduler.ts';

export interface RunningLocal {
  readonly port: number;
  readonly context: AppContext;
  /** Resolves once every consumer has joined its group (immediately on the local log). */
  readonly consumersReady: Promise<void>;
  stop(): Promise<void>;
}

const startConsumers = (context: AppContext): RunningConsumer[] => {
  const consumers = kafkaConsumers(context.topics);
  if (context.localLog) {
    const log = context.localLog;
    return consumers.map((consumer) =>
      log.consume({ groupId: `afterglow-${consumer.functionName}`, topic: consumer.topic, handler: consumer.handler }),
    );
  }
  const settings = kafkaSettingsFrom(context.config.env);
  const kafka = createKafkaClient(settings, context.logger);
  const env = context.config.env;
  return consumers.map((consumer) =>
      startKafkaConsumer({
        kafka,
        bootstrapServers: settings.brokers,
        groupId: `${context.config.topicPrefix}afterglow-${consumer.functionName}`,
        topics: [consumer.topic],
        handler: consumer.handler,
        logger: context.logger.child({ consumer: consumer.functionName }),
        ...(env.KAFKA_SESSION_TIMEOUT_MS ? { sessionTimeout: Number(env.KAFKA_SESSION_TIMEOUT_MS) } : {}),
        ...(env.KAFKA_HEARTBEAT_INTERVAL_MS ? { heartbeatInterval: Number(env.KAFKA_HEARTBEAT_INTERVAL_MS) } : {}),
      }),
  );
};

/**
 * `npm start`: every httpApi route and Function URL of serverless.yml on one port, and every Kafka-triggered
 * function driven by the local log (default) or a kafkajs consumer group (KAFKA_BROKERS), all
 * through the same handler modules Lambda runs.
 */
export const runLocal = async (config: AppConfig): Promise<RunningLocal> => {
  const context = await createAppContext(config);
  useAppContext(context);
  const adminToken = randomBytes(24).toString('hex');
  try {
    const server = await startHttpServer({
      routes: [...HTTP_ROUTES, ...FUNCTION_URL_ROUTES, cliRoute(adminToken)],
      port: config.port,
      logger: context.logger,
    });
    context.storeLock?.update({ port: server.port, adminToken });
    const consumers = startConsumers(context);
    const schedules = SCHEDULES.map((schedule) =>
      startSchedule({
        name: schedule.functionName,
        everyMs: config.scheduleEveryMs ?? schedule.everyMs,
        handler: schedule.handler,
        logger: context.logger,
      }),
    );
    context.logger.info('afterglow listening', {
      port: server.port,
      store: context.db.kind,
      transport: context.eventLog.kind,
    });
    return {
      port: server.port,
      context,
      consumersReady: Promise.all(consumers.map((consumer) => consumer.joined)).then(() => undefined),
      async stop() {
        await server.close();
        await Promise.all(schedules.map((schedule) => schedule.stop()));
        await Promise.all(consumers.map((consumer) => consumer.stop()));
        useAppContext(null);
        await context.close();
      },
    };
  } catch (error) {
    useAppContext(null);
    await context.close();
    throw error;
  }
};
