import { CORRELATION_ATTRIBUTE, correlationIdToSend } from '../correlation.ts';

/**
 * The event log afterglow publishes to: Kafka in production, the store-backed local log in the
 * embedded default. Both deliver to consumers in the Lambda Kafka event shape.
 */
export interface OutgoingMessage {
  /** Partitioning key: one customer's events stay in order (`tenant/customer`). */
  readonly key: string | null;
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The messages with the `correlation-id` header every record carries: the one a message names,
 * else the current correlation id, else a fresh one (lib/correlation.ts).
 */
export const withCorrelationHeaders = (messages: readonly OutgoingMessage[]): OutgoingMessage[] => {
  const correlationId = correlationIdToSend();
  return messages.map((message) =>
    message.headers?.[CORRELATION_ATTRIBUTE] ? message : { ...message, headers: { ...message.headers, [CORRELATION_ATTRIBUTE]: correlationId } },
  );
};

export interface HealthReport {
  readonly ok: boolean;
  readonly detail: string;
}

export interface EventLog {
  readonly kind: 'kafka' | 'local';
  /** Resolves once every message is durably on the log; rejects with UpstreamUnavailableError. */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

export interface TopicNames {
  readonly orders: string;
  readonly feedback: string;
  readonly dlq: string;
}

/**
 * The topic names of DESIGN. A prefix (AFTERGLOW_TOPIC_PREFIX) lets several environments, or test
 * runs against one shared broker, keep apart; it is empty by default.
 */
export const topicNames = (prefix = ''): TopicNames => ({
  orders: `${prefix}afterglow.orders`,
  feedback: `${prefix}afterglow.feedback`,
  dlq: `${prefix}afterglow.dlq`,
});

/** Kafka's own partition count on the mock cluster, and the local log's. */
export const LOCAL_PARTITIONS = 4;
