import * as z from 'zod';
import { ConfigurationError } from '../errors.ts';

const days = (fallback: number) => z.coerce.number().int().min(1).max(3650).default(fallback);

/**
 * The store's own housekeeping settings: how long each kind of row is kept before the prune
 * schedule removes it, and how long a local-log consumer's partition lease lasts. Read from the
 * environment like the rest of AppConfig (`config.env`), kept apart because only the store's
 * adapters and the prune function use them.
 */
const StorageEnvironmentSchema = z.object({
  /** Local-log records older than this and read by every group are pruned. */
  RETENTION_LOG_DAYS: days(7),
  /** Messages the outbox kept (embedded default). */
  RETENTION_OUTBOX_DAYS: days(30),
  /** Webhook delivery records: a retried delivery is recognised for this long (Shopify retries for 48 h). */
  RETENTION_DELIVERIES_DAYS: days(7).refine((value) => value >= 2, 'at least 2 days: Shopify retries a delivery for 48 hours'),
  /** Dead letters (`dead_letters`), the local recovery queue's DLQ and the recorded failure reasons. */
  RETENTION_DEAD_LETTERS_DAYS: days(30),
  /** Rows one statement of the prune deletes, and how many statements one run may take per table. */
  PRUNE_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  PRUNE_MAX_BATCHES: z.coerce.number().int().min(1).max(10_000).default(50),
  AFTERGLOW_LOCAL_LOG_LEASE_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
});

export interface RetentionSettings {
  readonly logDays: number;
  readonly outboxDays: number;
  readonly deliveriesDays: number;
  readonly deadLettersDays: number;
  readonly batchSize: number;
  readonly maxBatches: number;
}

export interface StorageSettings {
  readonly retention: RetentionSettings;
  readonly localLogLeaseMs: number;
}

export const storageSettingsFrom = (env: Readonly<Record<string, string | undefined>>): StorageSettings => {
  const parsed = StorageEnvironmentSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigurationError(`invalid environment: ${problems}`);
  }
  const vars = parsed.data;
  return {
    retention: {
      logDays: vars.RETENTION_LOG_DAYS,
      outboxDays: vars.RETENTION_OUTBOX_DAYS,
      deliveriesDays: vars.RETENTION_DELIVERIES_DAYS,
      deadLettersDays: vars.RETENTION_DEAD_LETTERS_DAYS,
      batchSize: vars.PRUNE_BATCH_SIZE,
      maxBatches: vars.PRUNE_MAX_BATCHES,
    },
    localLogLeaseMs: vars.AFTERGLOW_LOCAL_LOG_LEASE_MS,
  };
};
