import { ConfigurationError, InvalidRequestError, NotFoundError, UpstreamUnavailableError } from '../errors.ts';
import { EmbeddedStoreError } from '../local/embedded-store.ts';
import { StoreLockedError } from '../local/store-lock.ts';

/** What the user sees on stderr, and the exit code: 2 for a usage mistake, 1 for everything else. */
export const cliErrorMessage = (error: unknown): { message: string; exitCode: number } => {
  if (error instanceof InvalidRequestError) return { message: `afterglow: ${error.message}`, exitCode: 2 };
  if (
    error instanceof NotFoundError ||
    error instanceof StoreLockedError ||
    error instanceof EmbeddedStoreError ||
    error instanceof ConfigurationError ||
    error instanceof UpstreamUnavailableError
  ) {
    return { message: `afterglow: ${error.message}`, exitCode: 1 };
  }
  return { message: `afterglow: unexpected error: ${(error as Error)?.stack ?? String(error)}`, exitCode: 1 };
};
