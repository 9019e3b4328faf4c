import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Database, SqlExecutor } from './database.ts';

// Timestamps stay Date (pg's default); int8 and numeric stay text, as PGlite gives numeric.
const executorOf = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
  async query<Row>(sql: string, params: readonly unknown[] = []) {
    const result = await client.query(sql, params as unknown[]);
    return result.rows as Row[];
  },
  async exec(sql: string) {
    await client.query(sql);
  },
});

/** PostgreSQL through a `pg` pool: production (`DATABASE_URL`) and the test suite. */
export const openPostgresDatabase = (connectionString: string, options: { max?: number } = {}): Database => {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, idleTimeoutMillis: 10_000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    ...executorOf(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executorOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async *readInBatches<Row>(sql: string, params: readonly unknown[], batchSize: number) {
      const client = await pool.connect();
      const cursor = client.query(new Cursor<Row>(sql, params as unknown[]));
      // From the second batch on, the next one is asked for before this one is handed over, so
      // PostgreSQL produces it while the caller works: two batches at most are held, whatever the
      // rows. A caller that stops within the first batch (a page) has the server produce no more.
      let ahead: Promise<Row[]> | null = null;
      const readAhead = () => {
        ahead = cursor.read(batchSize);
        // Awaited below, or settled in `finally` when abandoned; never an unhandled rejection meanwhile.
        ahead.catch(() => undefined);
      };
      let broken = false;
      try {
        let rows = await cursor.read(batchSize);
        let first = true;
        while (rows.length > 0) {
          // Fewer rows than asked: the cursor is exhausted, there is nothing to read ahead.
          if (!first && rows.length === batchSize) readAhead();
          yield rows;
          if (rows.length < batchSize) return;
          rows = await (ahead ?? cursor.read(batchSize));
          ahead = null;
          first = false;
        }
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        // Abandoned part-way (the client went away): the read in flight settles, then closing the
        // cursor frees the connection for reuse.
        if (ahead) await (ahead as Promise<Row[]>).catch(() => (broken = true));
        await cursor.close().catch(() => (broken = true));
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
};
