import type { HttpApiEvent, HttpApiResult, StreamedHttpResult } from '../../events/http-api-event.ts';
import { UpstreamUnavailableError } from '../errors.ts';
import { createLogger } from '../logger.ts';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- Lambda handler glue used only by functions/: gets the process's context
import { appContext, type AppContext } from '../runtime/app-context.ts';
import { errorReply } from './error-reply.ts';

/** Before the context exists there is no configured logger: this one writes the same JSON lines. */
export const coldStartLogger = createLogger({ bindings: { phase: 'cold start' } });

export type UnavailableReply = (event: HttpApiEvent, error: UpstreamUnavailableError) => HttpApiResult;

const jsonUnavailable: UnavailableReply = (_event, error) => errorReply(error, coldStartLogger);

/**
 * An HTTP function over the process's context. When the context cannot be built for a retryable
 * reason (the schema is behind this code until `afterglow migrate` has run: SchemaBehindError) the
 * caller gets a 503 with Retry-After, not a 500, and the next request tries again. Anything else
 * still throws (the platform answers 500 and logs it). A streamed reply (the testimonial export)
 * is passed through as it is.
 */
export const withAppContext =
  <Result extends HttpApiResult | StreamedHttpResult = HttpApiResult>(
    handle: (event: HttpApiEvent, context: AppContext) => Promise<Result>,
    unavailable: UnavailableReply = jsonUnavailable,
  ) =>
  async (event: HttpApiEvent): Promise<Result | HttpApiResult> => {
    let context: AppContext;
    try {
      context = await appContext();
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) return unavailable(event, error);
      throw error;
    }
    return handle(event, context);
  };

