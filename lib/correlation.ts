/**
 * The correlation id: born at the webhook (the platform's delivery id), carried in Kafka record
 * headers and SQS message attributes through every function, sent to providers and written on
 * every log line, so one delivery can be followed from the platform to the helpdesk ticket.
 * Whatever starts without one (a schedule, the CLI, a customer's page) gets a fresh one.
 *
 * It is request-scoped data, not an adapter: it rides the async context (AsyncLocalStorage), so
 * the domain passes nothing around; the adapters that publish (event log, recovery queue, provider
 * HTTP) and the loggers read it where they need it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The Kafka header and the SQS message attribute that carry it. */
export const CORRELATION_ATTRIBUTE = 'correlation-id';
/** The HTTP request header providers receive (and callers of the API may send). */
export const CORRELATION_HTTP_HEADER = 'X-Correlation-Id';

interface Scope {
  readonly correlationId: string | undefined;
  /** Within a batch: each record's id by the key of what it carried (an event id), for reactions that act per record. */
  readonly byKey?: ReadonlyMap<string, string>;
}

const storage = new AsyncLocalStorage<Scope>();

/** Ids are opaque printable ASCII of a sane length: anything else (a header someone made up) is not used. */
const USABLE = /^[\x21-\x7e]{1,200}$/;
export const isUsableCorrelationId = (value: unknown): value is string => typeof value === 'string' && USABLE.test(value);

export const newCorrelationId = (): string => randomUUID();

export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;

/** The id to send on with something published now: the current one, else a fresh one. */
export const correlationIdToSend = (): string => currentCorrelationId() ?? newCorrelationId();

/** Runs `work` under `id` (when usable), else under a fresh id. */
export const withCorrelation = <T>(id: string | null | undefined, work: () => T): T =>
  storage.run({ correlationId: isUsableCorrelationId(id) ? id : newCorrelationId() }, work);

/** The id a Kafka record's headers or an SQS message's attributes carry; null without a usable one. */
export const correlationIdIn = (carried: Readonly<Record<string, string | undefined>> | undefined): string | null => {
  const value = carried?.[CORRELATION_ATTRIBUTE];
  return isUsableCorrelationId(value) ? value : null;
};

/**
 * Runs a batch step (reactions over many records) knowing each record's id by a key (an event id):
 * {@link withCorrelationOf} picks the right one per record. Lines of the step itself carry the
 * batch's id when every record shares it, none otherwise.
 */
export const withBatchCorrelations = <T>(byKey: ReadonlyMap<string, string>, work: () => T): T => {
  const ids = new Set(byKey.values());
  const [only] = ids;
  return storage.run({ correlationId: ids.size === 1 ? only : undefined, byKey }, work);
};

/** Runs `work` under the id of the record `key` names in the batch (else the current one, else a fresh one). */
export const withCorrelationOf = <T>(key: string, work: () => T): T => {
  const scope = storage.getStore();
  return withCorrelation(scope?.byKey?.get(key) ?? scope?.correlationId, work);
};
