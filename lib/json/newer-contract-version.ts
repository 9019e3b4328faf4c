import { UpstreamUnavailableError } from '../errors.ts';

/**
 * A record of a contract version this consumer does not know yet: during a rolling deploy, a new
 * producer ran before this consumer was replaced. Retryable (not invalid): the record comes back,
 * and is read once the new consumer is deployed (or redriven from the failure destination after
 * the retries ran out), instead of being dead-lettered as malformed.
 */
export class NewerContractVersionError extends UpstreamUnavailableError {
  override readonly name: string = 'NewerContractVersionError';
}

/** Throws {@link NewerContractVersionError} when `json` is `schemaName` at a version above every accepted one. */
export const refuseNewerVersion = (json: unknown, schemaName: string, accepted: readonly number[]): void => {
  if (typeof json !== 'object' || json === null) return;
  const { schema, version } = json as { schema?: unknown; version?: unknown };
  const newest = Math.max(...accepted);
  if (schema === schemaName && typeof version === 'number' && Number.isInteger(version) && version > newest) {
    throw new NewerContractVersionError(`${schemaName} version ${version} is newer than this consumer reads (up to ${newest}): retried until the deploy reaches it`);
  }
};
