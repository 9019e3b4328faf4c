import { join } from 'node:path';
import { orderWebhookPlatforms, type OrderWebhookPlatform } from '../intake/order-webhook-platforms.ts';
import { createDeadLetterSink, type DeadLetterSink } from '../dead-letters/dead-letter-sink.ts';
import { acquireStoreLock, type StoreLock } from '../local/store-lock.ts';
import { createLogger, type Logger } from '../logger.ts';
import { createBigCommerceOrdersApi, type BigCommerceOrdersApi } from '../platforms/bigcommerce/orders-api.ts';
import type { Platform } from '../../events/order-event.ts';
import type { Database } from '../store/database.ts';
import { createDeadLetterRepository, type DeadLetterRepository } from '../store/dead-letter-repository.ts';
import { createDeliveryLedger, type DeliveryLedger } from '../store/delivery-ledger.ts';
import { createErasureRepository, type ErasureRepository } from '../store/erasure-repository.ts';
import { migrate } from '../store/migrate.ts';
import { createOrderRepository, type OrderRepository } from '../store/order-repository.ts';
import { openPostgresDatabase } from '../store/postgres-database.ts';
import { withTenantCache } from '../store/cached-tenant-repository.ts';
import { createTenantRepository, type TenantRepository } from '../store/tenant-repository.ts';
import { topicNames, type EventLog, type TopicNames } from '../transport/event-log.ts';
import { kafkaSettingsFrom } from '../transport/kafka-config.ts';
import { createKafkaEventLog } from '../transport/kafka-event-log.ts';
import { createLocalEventLog, type LocalEventLog } from '../transport/local-event-log.ts';
import { ConfigurationError, loadConfig, type AppConfig } from './config.ts';
import type { AxiosInstance } from 'axios';
import { createLinkUrls, type LinkUrls } from '../links/link-urls.ts';
import { createMessageSender, type MessageSender } from '../providers/message-sender.ts';
import type { RetryPolicy } from '../providers/call-provider.ts';
import { createFeedbackRepository, type FeedbackRepository } from '../store/feedback-repository.ts';
import { createClassificationRepository, type ClassificationRepository } from '../store/classification-repository.ts';
import { createOutboxRepository, type OutboxRepository } from '../store/outbox-repository.ts';
import { createOutreachRepository, type OutreachRepository } from '../store/outreach-repository.ts';
import { loadSigningKey } from '../store/signing-key.ts';
import { createSuppressionRepository, type SuppressionRepository } from '../store/suppression-repository.ts';
import { createTestimonialRepository, type TestimonialRepository } from '../store/testimonial-repository.ts';

/** Everything a handler needs, built once per process (per Lambda cold start). */
export interface AppContext {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly db: Database;
  readonly tenants: TenantRepository;
  readonly orders: OrderRepository;
  readonly ledger: DeliveryLedger;
  readonly deadLetterStore: DeadLetterRepository;
  readonly deadLetters: DeadLetterSink;
  readonly eventLog: EventLog;
  /** Set when the event log is the store-backed local log (no KAFKA_BROKERS). */
  readonly localLog: LocalEventLog | null;
  readonly topics: TopicNames;
  readonly bigCommerce: BigCommerceOrdersApi;
  readonly platforms: Readonly<Record<Platform, OrderWebhookPlatform>>;
  /** Signs the links in messages (AFTERGLOW_SIGNING_KEY, or one generated and kept in the store). */
  readonly signingKey: string;
  readonly links: LinkUrls;
  readonly outreach: OutreachRepository;
  readonly suppressions: SuppressionRepository;
  readonly outbox: OutboxRepository;
  readonly feedback: FeedbackRepository;
  readonly classifications: ClassificationRepository;
  readonly testimonials: TestimonialRepository;
  /** Tombstones of erased customers and shops: the orders and feedback functions refuse replays of them. */
  readonly erasures: ErasureRepository;
  readonly sender: MessageSender;
  close(): Promise<void>;
}

export interface AppContextOverrides {
  readonly clock?: () => Date;
  readonly logger?: Logger;
  readonly bigCommerce?: BigCommerceOrdersApi;
  /** Outbound HTTP for providers, and how hard to retry them (tests make retries quick). */
  readonly http?: AxiosInstance;
  readonly retryPolicy?: RetryPolicy;
}

const openStore = async (config: AppConfig): Promise<{ db: Database; lock: StoreLock | null }> => {
  if (config.databaseUrl) return { db: openPostgresDatabase(config.databaseUrl), lock: null };
  if (config.env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new ConfigurationError('DATABASE_URL is required on AWS Lambda: the embedded store is for one machine');
  }
  const lock = acquireStoreLock(config.dataDir);
  try {
    const { openPgliteDatabase } = await import('../store/pglite-database.ts');
    return { db: await openPgliteDatabase(join(config.dataDir, 'pgdata')), lock };
  } catch (error) {
    lock.release();
    throw error;
  }
};

export const createAppContext = async (
  config: AppConfig = loadConfig(),
  overrides: AppContextOverrides = {},
): Promise<AppContext & { readonly storeLock: StoreLock | null }> => {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const clock = overrides.clock ?? (() => new Date());
  const { db, lock } = await openStore(config);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    lock?.release();
    throw error;
  }
  const localLog = config.kafkaBrokers ? null : createLocalEventLog(db, logger);
  const eventLog: EventLog = localLog ?? createKafkaEventLog(kafkaSettingsFrom(config.env), logger);
  const topics = topicNames(config.topicPrefix);
  const deadLetterStore = createDeadLetterRepository(db);
  const bigCommerce = overrides.bigCommerce ?? createBigCommerceOrdersApi();
  const signingKey = await loadSigningKey(db, config.signingKey);
  const outbox = createOutboxRepository(db);
  return {
    config,
    logger,
    clock,
    db,
    tenants: withTenantCache(createTenantRepository(db)),
    orders: createOrderRepository(db),
    ledger: createDeliveryLedger(db),
    deadLetterStore,
    deadLetters: createDeadLetterSink({ deadLetters: deadLetterStore, eventLog, dlqTopic: topics.dlq, clock, logger }),
    eventLog,
    localLog,
    topics,
    bigCommerce,
    platforms: orderWebhookPlatforms({ bigCommerce }),
    signingKey,
    links: createLinkUrls(config.publicBaseUrl, signingKey),
    outreach: createOutreachRepository(db),
    suppressions: createSuppressionRepository(db),
    outbox,
    feedback: createFeedbackRepository(db),
    classifications: createClassificationRepository(db),
    testimonials: createTestimonialRepository(db),
    erasures: createErasureRepository(db),
    sender: createMessageSender({
      outbox,
      clock,
      logger,
      ...(overrides.http ? { http: overrides.http } : {}),
      ...(overrides.retryPolicy ? { policy: overrides.retryPolicy } : {}),
    }),
    storeLock: lock,
    async close() {
      await eventLog.close();
      await db.close();
      lock?.release();
    },
  };
};

let current: Promise<AppContext> | null = null;

/**
 * The process's context: built from the environment on first use (a Lambda cold start), or the
 * one the local runtime installed with {@link useAppContext}.
 */
export const appContext = (): Promise<AppContext> => {
  current ??= createAppContext().catch((error: unknown) => {
    current = null; // the next invocation tries again rather than failing forever
    throw error;
  });
  return current;
};

export const useAppContext = (context: AppContext | null): void => {
  current = context ? Promise.resolve(context) : null;
};
