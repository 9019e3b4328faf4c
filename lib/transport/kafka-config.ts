import type { KafkaConfig, SASLOptions } from 'kafkajs';
import * as z from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : ['true', '1', 'yes'].includes(value)));

export const KafkaEnvironmentSchema = z.object({
  KAFKA_BROKERS: z.string().min(1),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_USERNAME: z.string().optional(),
  KAFKA_PASSWORD: z.string().optional(),
  KAFKA_SSL: flag,
  KAFKA_IDEMPOTENT: flag,
  KAFKA_CLIENT_ID: z.string().default('afterglow'),
  KAFKA_LINGER_MS: z.coerce.number().int().min(0).max(1_000).default(0),
});

export interface KafkaSettings {
  readonly kafka: KafkaConfig;
  readonly brokers: readonly string[];
  /** Producer idempotence: on for real brokers; the librdkafka mock cannot do it (DESIGN). */
  readonly idempotent: boolean;
  /** How concurrent publishes to one topic are grouped into one produce request (lib/transport/kafka-event-log.ts). */
  readonly batching: { readonly lingerMs: number; readonly maxInFlight: number; readonly maxItems: number };
}

export const kafkaSettingsFrom = (env: Record<string, string | undefined>): KafkaSettings => {
  const parsed = KafkaEnvironmentSchema.parse(env);
  const brokers = parsed.KAFKA_BROKERS.split(',').map((broker) => broker.trim()).filter(Boolean);
  let sasl: SASLOptions | undefined;
  if (parsed.KAFKA_SASL_MECHANISM) {
    if (!parsed.KAFKA_USERNAME || parsed.KAFKA_PASSWORD === undefined) {
      throw new Error('KAFKA_SASL_MECHANISM needs KAFKA_USERNAME and KAFKA_PASSWORD');
    }
    sasl = {
      mechanism: parsed.KAFKA_SASL_MECHANISM,
      username: parsed.KAFKA_USERNAME,
      password: parsed.KAFKA_PASSWORD,
    } as SASLOptions;
  }
  return {
    brokers,
    idempotent: parsed.KAFKA_IDEMPOTENT ?? true,
    batching: { lingerMs: parsed.KAFKA_LINGER_MS, maxInFlight: 1, maxItems: 500 },
    kafka: {
      clientId: parsed.KAFKA_CLIENT_ID,
      brokers,
      // SASL over the internet is TLS in practice (Confluent, MSK, Redpanda Cloud).
      ssl: parsed.KAFKA_SSL ?? sasl !== undefined,
      ...(sasl ? { sasl } : {}),
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      // A webhook must answer within Shopify's 5 s: give up quickly and answer 503 instead.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
      logLevel: 1, // ERROR: kafkajs is chatty at INFO about every rebalance
    },
  };
};
