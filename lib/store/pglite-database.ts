import { PGlite, type Transaction } from '@electric-sql/pglite';
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
  const db = await PGlite.create(dataDir);
  return {
    kind: 'pglite',
    ...executorOf(db),
    transaction: (work) => db.transaction((tx) => work(executorOf(tx))),
    async close() {
      await db.close();
    },
  };
};
