import { jsonResult, type HttpApiResult } from '../../events/http-api-event.ts';
import {
  InvalidPayloadError,
  InvalidRequestError,
  UnauthorizedError,
  NotFoundError,
  UpstreamUnavailableError,
} from '../errors.ts';
import type { Logger } from '../logger.ts';

/** The error taxonomy as HTTP: a clear status and message, never a stack trace. */
export const errorReply = (error: unknown, logger: Logger): HttpApiResult => {
  if (error instanceof UnauthorizedError) {
    return jsonResult(401, { error: error.message }, { 'www-authenticate': 'Bearer' });
  }
  if (error instanceof NotFoundError) return jsonResult(404, { error: error.message });
  if (error instanceof InvalidRequestError || error instanceof InvalidPayloadError) {
    return jsonResult(400, { error: error.message });
  }
  if (error instanceof UpstreamUnavailableError) {
    logger.warn('upstream unavailable', { error });
    return jsonResult(503, { error: error.message }, { 'retry-after': '10' });
  }
  logger.error('unhandled error', { error, stack: (error as Error)?.stack });
  return jsonResult(500, { error: 'internal error' });
};
