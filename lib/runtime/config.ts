import { resolve } from 'node:path';
import * as z from 'zod';
import { DEFAULT_INTAKE_ADMISSION, type IntakeAdmissionSettings } from '../intake/intake-admission.ts';

/**
 * Everything afterglow reads from its environment (DESIGN "Environment"). Each adapter is chosen
 * by configuration alone: DATABASE_URL → PostgreSQL else embedded PGlite; KAFKA_BROKERS → Kafka
 * else the store-backed local log; RECOVERY_QUEUE_URL → SQS else the store-backed local queue.
 */
const EnvironmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  PUBLIC_BASE_URL: z.url().optional(),
  AFTERGLOW_DATA_DIR: z.string().min(1).default('.afterglow'),
  DATABASE_URL: z.string().min(1).optional(),
  AFTERGLOW_SIGNING_KEY: z.string().min(32).optional(),
  KAFKA_BROKERS: z.string().min(1).optional(),
  AFTERGLOW_TOPIC_PREFIX: z.string().default(''),
  RECOVERY_QUEUE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The SDK's own endpoint override (fauxqs, LocalStack): the SQS client is always given an explicit endpoint. */
  AWS_ENDPOINT_URL_SQS: z.url({ protocol: /^https?$/ }).optional(),
  AWS_REGION: z.string().optional(),
  /** The recovery queue's redrive maxReceiveCount: the local queue's, and the same number as serverless.yml's. */
  RECOVERY_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000).default(5),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  AFTERGLOW_SCHEDULE_EVERY_MS: z.coerce.number().int().min(100).optional(),
  /** `true`: tenant settings may aim at private addresses and plain http (on-premise providers, test doubles). */
  AFTERGLOW_ALLOW_PRIVATE_OUTBOUND: z.enum(['true', 'false']).optional(),
  /** `false`: a process finding the schema behind fails retryably instead of migrating (the default on Lambda). */
  AFTERGLOW_MIGRATE_ON_START: z.enum(['true', 'false']).optional(),
  /** Order deliveries one process works on at once; above it, deliveries wait (or are shed: the next one). */
  AFTERGLOW_INTAKE_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(DEFAULT_INTAKE_ADMISSION.concurrency),
  /** How long a Shopify or BigCommerce delivery waits for its turn before a 503 (they retry; WooCommerce is never shed). */
  AFTERGLOW_INTAKE_MAX_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(DEFAULT_INTAKE_ADMISSION.maxWaitMs),
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

export interface AppConfig {
  readonly port: number;
  readonly publicBaseUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly signingKey: string | null;
  readonly kafkaBrokers: string | null;
  readonly topicPrefix: string;
  readonly recoveryQueueUrl: string | null;
  readonly recoveryMaxReceiveCount: number;
  readonly logLevel: string;
  /** `npm start` runs every schedule this often instead of its own rate (tests, demos). */
  readonly scheduleEveryMs: number | null;
  /**
   * Whether building the context brings the schema up to date. On by default for `npm start`, the
   * CLI and tests; off on Lambda, where `npx afterglow migrate` runs once per deploy and a cold start
   * that finds the schema behind fails retryably (SchemaBehindError) rather than migrating.
   */
  readonly migrateOnStart: boolean;
  /** The webhook intake's capacity in one process, and how long a delivery that may be shed waits. */
  readonly intakeAdmission: IntakeAdmissionSettings;
  /** The raw environment, for adapters with settings of their own (KAFKA_*). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export { ConfigurationError } from '../errors.ts';
import { ConfigurationError } from '../errors.ts';

export const loadConfig = (env: Record<string, string | undefined> = process.env): AppConfig => {
  // An empty variable means "not set", as a shell user expects from `KAFKA_BROKERS= npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvironmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigurationError(`invalid environment: ${problems}`);
  }
  const vars = parsed.data;
  return {
    port: vars.PORT,
    publicBaseUrl: (vars.PUBLIC_BASE_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ''),
    dataDir: resolve(vars.AFTERGLOW_DATA_DIR),
    databaseUrl: vars.DATABASE_URL ?? null,
    signingKey: vars.AFTERGLOW_SIGNING_KEY ?? null,
    kafkaBrokers: vars.KAFKA_BROKERS ?? null,
    topicPrefix: vars.AFTERGLOW_TOPIC_PREFIX,
    recoveryQueueUrl: vars.RECOVERY_QUEUE_URL ?? null,
    recoveryMaxReceiveCount: vars.RECOVERY_MAX_RECEIVE_COUNT,
    logLevel: vars.LOG_LEVEL,
    scheduleEveryMs: vars.AFTERGLOW_SCHEDULE_EVERY_MS ?? null,
    migrateOnStart: vars.AFTERGLOW_MIGRATE_ON_START ? vars.AFTERGLOW_MIGRATE_ON_START === 'true' : !vars.AWS_LAMBDA_FUNCTION_NAME,
    intakeAdmission: { concurrency: vars.AFTERGLOW_INTAKE_CONCURRENCY, maxWaitMs: vars.AFTERGLOW_INTAKE_MAX_WAIT_MS },
    env: present,
  };
};
