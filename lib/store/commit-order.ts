import type { SqlExecutor } from './database.ts';

/**
 * Makes ids taken next in this transaction become visible in the order they were taken, within
 * each scope: it holds the scope's row in `commit_order_locks` until the transaction ends, so the
 * next writer of the scope takes its id only after this one committed (or rolled back). A reader
 * that pages by such an id (`id > last seen`) then never skips a row that commits late. Call it
 * before taking the id (a sequence's nextval, a bigserial default). Scopes are taken in sorted
 * order, so two writers of the same scopes cannot deadlock.
 */
export const holdCommitOrder = async (tx: SqlExecutor, scopes: readonly string[]): Promise<void> => {
  for (const scope of [...new Set(scopes)].sort()) {
    await tx.query(
      `INSERT INTO commit_order_locks (scope, writes) VALUES ($1, 1)
       ON CONFLICT (scope) DO UPDATE SET writes = commit_order_locks.writes + 1`,
      [scope],
    );
  }
};
