/**
 * The one SQL dialect afterglow speaks (PostgreSQL), over either a `pg` pool (`DATABASE_URL`) or
 * embedded PGlite. Repositories take a `Database` and never know which.
 */
export interface SqlExecutor {
  /** One statement with `$1…` parameters. Pass JSON values as `JSON.stringify(...)` with `$n::jsonb`. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: the rows of one query, `batchSize` at a time, through a server-side cursor
   * on one pooled connection, released when the iteration ends or is abandoned. Absent on PGlite,
   * whose single connection a long-open cursor would hold against every other query: read in
   * keyset pages there instead.
   */
  readonly readInBatches?: <Row>(sql: string, params: readonly unknown[], batchSize: number) => AsyncIterable<Row[]>;
  close(): Promise<void>;
}

/** PostgreSQL error codes afterglow decides on. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

export const pgErrorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

/**
 * Errors that say the data is wrong rather than the database unwell (class 22 data exceptions,
 * class 23 integrity violations): retrying cannot help.
 */
export const isDataError = (error: unknown): boolean => /^2[23]/.test(pgErrorCode(error) ?? '');
