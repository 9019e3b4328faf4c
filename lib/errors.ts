/**
 * The small taxonomy of failures afterglow's domain raises. Adapters translate their own failures
 * into these, and the edges (HTTP handlers, record handlers) decide what each means there:
 * a status code, a dead letter, or a retry.
 */

/** Input that will never become valid by retrying (bad JSON, wrong shape): 400 / dead letter. */
export class InvalidPayloadError extends Error {
  override readonly name: string = 'InvalidPayloadError';
}

/** A service afterglow needs is failing (Kafka, a platform API, the database): retry later / 503. */
export class UpstreamUnavailableError extends Error {
  override readonly name = 'UpstreamUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A request from someone afterglow cannot identify: 401. */
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
