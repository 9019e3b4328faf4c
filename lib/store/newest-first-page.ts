import { InvalidRequestError } from '../errors.ts';

/**
 * Keyset pages newest first on a time that never changes once a row exists (when afterglow
 * recorded it) and the row's id: each row that existed when paging began appears exactly once,
 * and rows added meanwhile at most once (they sort before the first page, or, when their
 * transaction began before the cursor's row, after it: never twice, because the key never moves).
 * The time is carried in microseconds, PostgreSQL's own precision, so rows recorded within one
 * millisecond are neither skipped nor repeated.
 */
export interface PagePosition {
  /** The row's time as microseconds since the epoch (text: beyond 2^53). */
  readonly micros: string;
  readonly id: string;
}

/** The select expression for a row's position time. */
export const positionMicros = (timeColumn: string): string => `(extract(epoch FROM ${timeColumn}) * 1000000)::bigint::text`;

/** The condition "strictly older than the position", with the position's two parameters. */
export const olderThan = (timeColumn: string, idColumn: string, microsParam: string, idParam: string): string =>
  `(${timeColumn}, ${idColumn}) < ('epoch'::timestamptz + ${microsParam}::bigint * interval '1 microsecond', ${idParam})`;

/** Opaque to clients: base64url of `p1|micros|id`. */
export const pageCursorOf = (position: PagePosition): string => Buffer.from(`p1|${position.micros}|${position.id}`, 'utf8').toString('base64url');

export const parsePageCursor = (cursor: string): PagePosition => {
  const [version, micros, ...id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (version !== 'p1' || !/^-?\d{1,17}$/.test(micros ?? '') || id.length === 0) throw new InvalidRequestError('cursor is not valid');
  return { micros: micros ?? '0', id: id.join('|') };
};
