import type { AxiosInstance } from 'axios';
import { createDeadLetterSink, type DeadLetterSink } from '../dead-letters/dead-letter-sink.ts';
import type { StoreLock } from '../local/store-lock.ts';
import { createLogger, type Logger } from '../logger.ts';
import { debugMetrics, type Metrics } from '../metrics.ts';
import { correlateOutboundHttp } from '../providers/correlated-http.ts';
import { lambdaTelemetry } from '../telemetry/lambda-telemetry.ts';
import type { BigCommerceOrdersApi } from '../platforms/bigcommerce/orders-api.ts';
import { createBigCommerceOrdersApi } from '../providers/bigcommerce-orders-api.ts';
import { guardOutboundHttp, type Resolver } from '../providers/guarded-http.ts';
import { createAxios, deferredHttp } from '../providers/provider-http.ts';
import { outboundPolicyFrom, type OutboundPolicy } from '../outbound/outbound-target.ts';
import type { RetryPolicy } from '../providers/call-provider.ts';
import { createRecoveryChannels } from '../providers/recovery-channels.ts';
import type { RecoveryFollowUpScheduler } from '../recovery/follow-up.ts';
import type { RecoveryChannels } from '../recovery/notify-case.ts';
import type { Database } from '../store/database.ts';
import { createDeadLetterRepository, type DeadLetterRepository } from '../store/dead-letter-repository.ts';
import { createDeliveryLedger, type DeliveryLedger } from '../store/delivery-ledger.ts';
import { createErasureRepository, type ErasureRepository } from '../store/erasure-repository.ts';
import { createHelpdeskJobRepository, type HelpdeskJobRepository } from '../store/helpdesk-job-repository.ts';
import { migrate, pendingMigrations } from '../store/migrate.ts';
import { SchemaBehindError } from '../errors.ts';
import { createOrderRepository, type OrderRepository } from '../store/order-repository.ts';
import { createRecoveryCaseRepository, type RecoveryCaseRepository } from '../store/recovery-case-repository.ts';
import { createRecoveryFailureRepository, type RecoveryFailureRepository } from '../store/recovery-failure-repository.ts';
import { createOutreachFollowUpScheduler } from '../recovery/outreach-follow-up.ts';
import { createHelpdeskUpdates, type HelpdeskUpdates } from '../recovery/helpdesk-jobs.ts';
import { createReviewRepository, type ReviewRepository } from '../store/review-repository.ts';
import { openPostgresDatabase } from '../store/postgres-database.ts';
import { withTenantCache } from '../store/cached-tenant-repository.ts';
import { createTenantRepository, type TenantRepository } from '../store/tenant-repository.ts';
import { topicNames, type EventLog, type TopicNames } from '../transport/event-log.ts';
import { createLocalEventLog, type LocalEventLog } from '../transport/local-event-log.ts';
import { createLocalRecoveryQueue } from '../transport/local-recovery-queue.ts';
import { storageSettingsFrom } from './storage-config.ts';
import type { RecoveryQueue } from '../transport/recovery-queue.ts';
import { openSqsRecoveryQueue, sqsSettingsFrom } from '../transport/sqs-recovery-queue.ts';
import { ConfigurationError, loadConfig, type AppConfig } from './config.ts';
import { createIntakeAdmission, type IntakeAdmission } from '../intake/intake-admission.ts';
import { createTrustpilotInvitations, type TrustpilotInvitations } from '../providers/trustpilot.ts';
import { createReferralRepository, type ReferralRepository } from '../store/referral-repository.ts';
import { createReviewActivityRepository, type ReviewActivityRepository } from '../store/review-activity-repository.ts';
import { createSatisfactionRepository, type SatisfactionRepository } from '../store/satisfaction-repository.ts';
import { createLinkReader, createLinkUrls, type LinkReader, type LinkUrls } from '../links/link-urls.ts';
import { createLinkHandleRepository } from '../store/link-handle-repository.ts';
import { createMessageSender, type MessageSender } from '../providers/message-sender.ts';
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
  /** The webhook intake's capacity in this process: above it, deliveries the platform will retry are shed. */
  readonly intakeAdmission: IntakeAdmission;
  readonly logger: Logger;
  /** CloudWatch EMF on Lambda (lib/telemetry), debug log lines elsewhere (lib/metrics.ts). */
  readonly metrics: Metrics;
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
  /** Which targets tenant settings may aim the server at (AFTERGLOW_ALLOW_PRIVATE_OUTBOUND). */
  readonly outbound: OutboundPolicy;
  /** Verifies the signed links sent before opaque handles (AFTERGLOW_SIGNING_KEY, or one generated and kept in the store). */
  readonly signingKey: string;
  /** Mints customer links: opaque handles whose claims the store keeps. */
  readonly links: LinkUrls;
  readonly linkReader: LinkReader;
  readonly outreach: OutreachRepository;
  readonly suppressions: SuppressionRepository;
  readonly outbox: OutboxRepository;
  readonly feedback: FeedbackRepository;
  readonly classifications: ClassificationRepository;
  readonly testimonials: TestimonialRepository;
  /** Tombstones of erased customers and shops: the orders and feedback functions refuse replays of them. */
  readonly erasures: ErasureRepository;
  readonly sender: MessageSender;
  /** SQS (RECOVERY_QUEUE_URL) or the store-backed local queue. */
  readonly recoveryQueue: RecoveryQueue;
  readonly recoveryCases: RecoveryCaseRepository;
  readonly recoveryFailures: RecoveryFailureRepository;
  /** Each tenant's helpdesk and chat, from its settings. */
  readonly recoveryChannels: RecoveryChannels;
  /** Where resolved cases ask for their "did we put it right?" follow-up. */
  readonly followUps: RecoveryFollowUpScheduler;
  /** The work owed to tenants' helpdesks (solving tickets, redacting them), worked by the helpdeskJobs schedule. */
  readonly helpdeskJobs: HelpdeskJobRepository;
  /** Where a case resolved in afterglow goes to its ticket (a job in helpdeskJobs). */
  readonly helpdeskUpdates: HelpdeskUpdates;
  readonly reviews: ReviewRepository;
  readonly reviewActivity: ReviewActivityRepository;
  readonly referrals: ReferralRepository;
  readonly trustpilot: TrustpilotInvitations;
  readonly satisfaction: SatisfactionRepository;
  close(): Promise<void>;
}

export interface AppContextOverrides {
  readonly clock?: () => Date;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly bigCommerce?: BigCommerceOrdersApi;
  /** Outbound HTTP for every provider (email, SMS, helpdesk, chat, review platforms) and how hard to retry (tests make retries quick). */
  readonly http?: AxiosInstance;
  readonly retryPolicy?: RetryPolicy;
  /** How the outbound guard resolves host names (tests play DNS answers, rebinding included). */
  readonly resolve?: Resolver;
  readonly followUps?: RecoveryFollowUpScheduler;
}

/**
 * Opens the Kafka event log. Not imported here but provided by lib/runtime/kafka-adapter.ts, which
 * only the functions that publish (or report the log's health) import: the others' bundles leave
 * kafkajs out.
 */
export type KafkaEventLogAdapter = (config: AppConfig, logger: Logger) => EventLog;

let kafkaEventLogAdapter: KafkaEventLogAdapter | null = null;

export const provideKafkaEventLog = (adapter: KafkaEventLogAdapter): void => {
  kafkaEventLogAdapter = adapter;
};

/** A function built without the Kafka adapter: nothing it does publishes, and it says so if something tries. */
const eventLogLeftOut = (): EventLog => {
  const reason = 'this process was built without the Kafka event log (import lib/runtime/kafka-adapter.ts where it publishes)';
  return {
    kind: 'kafka',
    publish: () => Promise.reject(new ConfigurationError(reason)),
    health: () => Promise.resolve({ ok: false, detail: reason }),
    close: () => Promise.resolve(),
  };
};

const openStore = async (config: AppConfig): Promise<{ db: Database; lock: StoreLock | null; afterMigrate: () => Promise<void> }> => {
  if (config.databaseUrl) return { db: openPostgresDatabase(config.databaseUrl), lock: null, afterMigrate: async () => undefined };
  if (config.env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new ConfigurationError('DATABASE_URL is required on AWS Lambda: the embedded store is for one machine');
  }
  // The embedded store (PGlite and its lock file) is for one machine: loaded only when it is used.
  const { openEmbeddedStore } = await import('../local/embedded-store.ts');
  const store = await openEmbeddedStore(config.dataDir);
  return { db: store.db, lock: store.lock, afterMigrate: store.rememberIdentity };
};

const openRecoveryQueue = async (
  config: AppConfig,
  db: Database,
  logger: Logger,
  failures: RecoveryFailureRepository,
): Promise<RecoveryQueue> => {
  if (config.recoveryQueueUrl) {
    return openSqsRecoveryQueue(sqsSettingsFrom(config.recoveryQueueUrl, config.env), logger);
  }
  if (config.env.AWS_LAMBDA_FUNCTION_NAME) {
    logger.warn('RECOVERY_QUEUE_URL is not set: recovery signals stay in the store, where no Lambda function reads them');
  }
  return createLocalRecoveryQueue(db, logger, {
    maxReceiveCount: config.recoveryMaxReceiveCount,
    failureReasonOf: async (messageId) => (await failures.find(messageId))?.reason ?? null,
  });
};

export const createAppContext = async (
  config: AppConfig = loadConfig(),
  overrides: AppContextOverrides = {},
): Promise<AppContext & { readonly storeLock: StoreLock | null }> => {
  // On Lambda, Powertools' logger and EMF metrics (request id, cold start); elsewhere JSON lines and metrics as debug lines.
  const telemetry = lambdaTelemetry();
  const logger = overrides.logger ?? telemetry?.logger ?? createLogger({ level: config.logLevel });
  const metrics = overrides.metrics ?? telemetry?.metrics ?? debugMetrics(logger);
  const clock = overrides.clock ?? (() => new Date());
  const storage = storageSettingsFrom(config.env);
  const { db, lock, afterMigrate } = await openStore(config);
  try {
    if (config.migrateOnStart) {
      await migrate(db);
    } else {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        throw new SchemaBehindError(`the database schema is behind this code (${pending.length} migration(s) to apply, first ${pending[0]}): run \`npx afterglow migrate\``);
      }
    }
    await afterMigrate();
  } catch (error) {
    await db.close();
    lock?.release();
    throw error;
  }
  const localLog = config.kafkaBrokers
    ? null
    : createLocalEventLog(db, logger, {
        leaseMs: storage.localLogLeaseMs,
        // The store lock makes this process PGlite's only user: it takes over the leases of the one before at once.
        ...(db.kind === 'pglite' ? { owner: 'embedded-store' } : {}),
      });
  const eventLog: EventLog = localLog ?? (kafkaEventLogAdapter ? kafkaEventLogAdapter(config, logger) : eventLogLeftOut());
  const topics = topicNames(config.topicPrefix);
  const deadLetterStore = createDeadLetterRepository(db);
  // Every call to a URL from tenant settings goes through the outbound guard, whoever made the client.
  const outbound = outboundPolicyFrom(config.env);
  const guarded = (instance: AxiosInstance) => correlateOutboundHttp(guardOutboundHttp(instance, outbound, overrides.resolve), logger);
  // axios is imported, and its instances made, at the first provider call: not at import, nor for an invocation that calls none.
  const providerHttp = overrides.http ? guarded(overrides.http) : deferredHttp(async () => guarded(await createAxios({ timeout: 10_000 })));
  const bigCommerce = overrides.bigCommerce ?? createBigCommerceOrdersApi(deferredHttp(async () => guarded(await createAxios({ timeout: 3_000 }))));
  const signingKey = await loadSigningKey(db, config.signingKey);
  const linkHandles = createLinkHandleRepository(db);
  const outbox = createOutboxRepository(db);
  const outreach = createOutreachRepository(db);
  const recoveryFailures = createRecoveryFailureRepository(db);
  const helpdeskJobs = createHelpdeskJobRepository(db);
  let recoveryQueue: RecoveryQueue;
  try {
    recoveryQueue = await openRecoveryQueue(config, db, logger, recoveryFailures);
  } catch (error) {
    await eventLog.close();
    await db.close();
    lock?.release();
    throw error;
  }
  return {
    config,
    intakeAdmission: createIntakeAdmission(config.intakeAdmission),
    logger,
    metrics,
    clock,
    db,
    tenants: withTenantCache(createTenantRepository(db)),
    orders: createOrderRepository(db),
    ledger: createDeliveryLedger(db),
    deadLetterStore,
    deadLetters: createDeadLetterSink({ deadLetters: deadLetterStore, eventLog, dlqTopic: topics.dlq, clock, logger, metrics }),
    eventLog,
    localLog,
    topics,
    bigCommerce,
    outbound,
    signingKey,
    links: createLinkUrls(config.publicBaseUrl, linkHandles),
    linkReader: createLinkReader(linkHandles, signingKey),
    outreach,
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
      metrics,
      http: providerHttp,
      ...(overrides.retryPolicy ? { policy: overrides.retryPolicy } : {}),
    }),
    recoveryQueue,
    recoveryCases: createRecoveryCaseRepository(db),
    recoveryFailures,
    recoveryChannels: createRecoveryChannels({
      http: providerHttp,
      clock,
      ...(overrides.retryPolicy ? { policy: overrides.retryPolicy } : {}),
    }),
    followUps: overrides.followUps ?? createOutreachFollowUpScheduler({ db, outreach, clock }),
    helpdeskJobs,
    helpdeskUpdates: createHelpdeskUpdates({ jobs: helpdeskJobs, clock }),
    reviews: createReviewRepository(db),
    reviewActivity: createReviewActivityRepository(db),
    referrals: createReferralRepository(db),
    satisfaction: createSatisfactionRepository(db),
    trustpilot: createTrustpilotInvitations({
      clock,
      http: providerHttp,
      ...(overrides.retryPolicy ? { policy: overrides.retryPolicy } : {}),
    }),
    storeLock: lock,
    async close() {
      await recoveryQueue.close();
      await eventLog.close();
      await db.close();
      lock?.release();
    },
  };
};

/**
 * `npx afterglow migrate`: brings the store's schema up to date and says which migrations it
 * applied, without building the rest of the context (the deploy step runs it once per deploy).
 */
export const migrateStore = async (config: AppConfig): Promise<string[]> => {
  const { db, lock, afterMigrate } = await openStore(config);
  try {
    const applied = await migrate(db);
    await afterMigrate();
    return applied;
  } finally {
    await db.close();
    lock?.release();
  }
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
