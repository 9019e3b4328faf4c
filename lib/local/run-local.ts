import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { createAppContext, useAppContext, type AppContext, type AppContextOverrides } from '../runtime/app-context.ts';
// Everything in one process: the Kafka event log too (functions/ choose their own).
import '../runtime/kafka-adapter.ts';
import type { AppConfig } from '../runtime/config.ts';
import { kafkaSettingsFrom } from '../transport/kafka-config.ts';
import { startKafkaConsumer, type RunningConsumer } from '../transport/kafka-consumer.ts';
import { createKafkaClient } from '../transport/kafka-event-log.ts';
import { cliRoute } from './cli-route.ts';
import { startHttpServer } from './http-server.ts';
import { FUNCTION_URL_ROUTES, HTTP_ROUTES, kafkaConsumers, SCHEDULES, SQS_CONSUMERS } from './routes.ts';
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

/** A port nothing listens on now (the system's choice, as `PORT=0` asks). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });

/**
 * `PORT=0` asks for any free port. Links in messages and the URL Twilio signs default to
 * `http://localhost:$PORT`, so the port is chosen before anything is built with it: otherwise
 * every link would point at port 0.
 */
const withChosenPort = async (config: AppConfig): Promise<AppConfig> => {
  if (config.port !== 0) return config;
  const port = await freePort();
  return config.env.PUBLIC_BASE_URL ? { ...config, port } : { ...config, port, publicBaseUrl: `http://localhost:${port}` };
};

export interface RunLocalOptions {
  /** False: the schedules (dispatch) run only when called, as a test with its own clock wants. */
  readonly runSchedules?: boolean;
  /** Adapters a test swaps in (a logger that captures its lines). */
  readonly overrides?: AppContextOverrides;
}

/**
 * `npm start`: every httpApi route and Function URL of serverless.yml on one port, every Kafka-triggered function
 * driven by the local log (default) or a kafkajs consumer group (KAFKA_BROKERS), and the
 * SQS-triggered recovery function driven by the local queue (default) or SQS (RECOVERY_QUEUE_URL),
 * all through the same handler modules Lambda runs.
 */
export const runLocal = async (requested: AppConfig, options: RunLocalOptions = {}): Promise<RunningLocal> => {
  const config = await withChosenPort(requested);
  const context = await createAppContext(config, options.overrides);
  useAppContext(context);
  const adminToken = randomBytes(24).toString('hex');
  // A promise one request left unobserved must not end the process (Node's default): it is logged.
  const onUnhandledRejection = (reason: unknown) => context.logger.error('unhandled promise rejection', { error: reason });
  process.on('unhandledRejection', onUnhandledRejection);
  try {
    const server = await startHttpServer({
      routes: [...HTTP_ROUTES, ...FUNCTION_URL_ROUTES, cliRoute(adminToken)],
      port: config.port,
      logger: context.logger,
    });
    context.storeLock?.update({ port: server.port, adminToken });
    const consumers = [
      ...startConsumers(context),
      ...SQS_CONSUMERS.map((consumer) => context.recoveryQueue.consume({ handler: consumer.handler })),
    ];
    const schedules = (options.runSchedules === false ? [] : SCHEDULES).map((schedule) =>
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
      recoveryQueue: context.recoveryQueue.kind,
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
        process.off('unhandledRejection', onUnhandledRejection);
      },
    };
  } catch (error) {
    process.off('unhandledRejection', onUnhandledRejection);
    useAppContext(null);
    await context.close();
    throw error;
  }
};
