/**
 * The one taxonomy of failures afterglow raises. Adapters translate their own failures into these,
 * and the edges (HTTP handlers, record handlers) decide what each means there: a status code, a
 * dead letter, or a retry. Two families matter at the edges:
 *
 * - input that is wrong in itself ({@link InvalidPayloadError} and its kinds, {@link InvalidRequestError},
 *   {@link UnauthorizedError}, {@link NotFoundError}) is never retried: a 4xx, or a dead letter
 *   with its reason;
 * - everything else is retryable ({@link isRetryable}): a 503, or the record or message handed back
 *   to its event source, which retries it a bounded number of times (the event source mapping's
 *   `MaximumRetryAttempts`, the queue's `maxReceiveCount`) before its failure destination or DLQ.
 */

/** Input that will never become valid by retrying (bad JSON, wrong shape): 400 / dead letter. */
export class InvalidPayloadError extends Error {
  override readonly name: string = 'InvalidPayloadError';
}

/** A service afterglow needs is failing (Kafka, a platform API, the database): retry later / 503. */
export class UpstreamUnavailableError extends Error {
  override readonly name: string = 'UpstreamUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A request from someone afterglow cannot identify: 401. */
/**
 * The database's schema is older than the code (a deploy whose `afterglow migrate` has not run
 * yet): retryable, never a dead letter. HTTP answers 503 with Retry-After; a Kafka or SQS batch
 * throws, so its records come back once the migration has run.
 */
export class SchemaBehindError extends UpstreamUnavailableError {
  override readonly name: string = 'SchemaBehindError';
}

export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

/** No such thing for this caller (tenant, order): 404. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A command or setting that cannot be carried out as asked (CLI, tenant API): 400 / exit 1. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}

/** The environment or deploy-time configuration is wrong (a missing DATABASE_URL on Lambda): fix it, then start again. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Whether trying the same input again could succeed: false for input that is wrong in itself. */
export const isRetryable = (error: unknown): boolean =>
  !(
    error instanceof InvalidPayloadError ||
    error instanceof InvalidRequestError ||
    error instanceof UnauthorizedError ||
    error instanceof NotFoundError
  );
