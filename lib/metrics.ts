/**
 * Business metrics, behind a port like the logger: on AWS Lambda CloudWatch's embedded metric
 * format through Powertools (`lib/telemetry/emf-metrics.ts`, namespace `afterglow`, dimensions
 * `service` and `function` plus the metric's own); under `npm start` and the CLI a debug line each
 * (shown with LOG_LEVEL=debug, silent otherwise), so local runs never fill stdout with them.
 * Dimension values must come from a small set (a reason, a provider, a severity): never an id.
 */
import type { Logger } from './logger.ts';

export const METRIC = {
  /** Order, privacy and review webhooks answered 2xx; dimension `webhook` (orders, reviews). */
  webhooksAccepted: 'WebhooksAccepted',
  /** Webhooks answered otherwise; dimensions `webhook` and `reason` (unknown_tenant, too_large, bad_signature, malformed, upstream_unavailable, in_flight, error, …). */
  webhooksRefused: 'WebhooksRefused',
  /** Records set aside; dimension `source` (the Kafka topic, or `recovery-queue`). */
  deadLetters: 'DeadLetters',
  /** Messages that went out (email, SMS, helpdesk ticket or note, chat alert); dimension `provider`. */
  messagesSent: 'MessagesSent',
  /** Messages a provider refused or did not answer, after its retries; dimension `provider`. */
  messagesFailed: 'MessagesFailed',
  /** Recovery cases opened; dimension `severity`. */
  casesOpened: 'CasesOpened',
  /** Milliseconds to classify one feedback event (the feedback function). */
  classificationLatency: 'ClassificationLatency',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
export type MetricDimensions = Readonly<Record<string, string>>;

export interface Metrics {
  count(name: MetricName, dimensions?: MetricDimensions, value?: number): void;
  milliseconds(name: MetricName, value: number, dimensions?: MetricDimensions): void;
}

export const noMetrics: Metrics = { count: () => undefined, milliseconds: () => undefined };

/** The local sink: one debug line per data point. */
export const debugMetrics = (logger: Logger): Metrics => ({
  count: (name, dimensions = {}, value = 1) => logger.debug('metric', { metric: name, unit: 'Count', value, dimensions }),
  milliseconds: (name, value, dimensions = {}) => logger.debug('metric', { metric: name, unit: 'Milliseconds', value, dimensions }),
});
