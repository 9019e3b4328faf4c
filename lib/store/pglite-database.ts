import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Database, SqlExecutor } from './database.ts';

const executorOf = (db: PGlite | Transaction): SqlExecutor => ({
  async query<Row>(sql: string, params: readonly unknown[] = []) {
    const result = await db.query<Row>(sql, params as unknown[]);
    return result.rows;
  },
  async exec(sql: string) {
    await db.exec(sql);
  },
});

/**
 * Embedded PostgreSQL (PGlite) with its files under `dataDir`: the `npm start` default.
 * Single-process: only one process may open a data directory (see lib/local/store-lock.ts).
 */
export const openPgliteDatabase = async (dataDir: string | undefined): Promise<Database> => {
  // A dynamic import: Lambda bundles leave PGlite (and its WebAssembly) out entirely.
  const { PGlite: Embedded } = await import('@electric-sql/pglite');
  const db = await Embedded.create(dataDir);
  return {
    kind: 'pglite',
    ...executorOf(db),
    transaction: (work) => db.transaction((tx) => work(executorOf(tx))),
    async close() {
      await db.close();
    },
  };
};
