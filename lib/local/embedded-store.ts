import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../store/database.ts';
import { acquireStoreLock, makePrivate, type AcquireStoreLockOptions, type StoreLock } from './store-lock.ts';

/** The embedded store cannot be used as it is; starting anyway would lose or hide the merchant's data. */
export class EmbeddedStoreError extends Error {
  override readonly name = 'EmbeddedStoreError';
}

/**
 * Names this store, in a file beside it and inside it. A data directory whose file says the store
 * held data but whose database is missing, empty or another one (files deleted, a restore gone
 * wrong, a crash that PGlite could not recover from) is refused rather than opened afresh.
 */
const IDENTITY_FILE = 'store-id';

const readIdentityFile = (dataDir: string): string | null => {
  try {
    return readFileSync(join(dataDir, IDENTITY_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
};

const identityInStore = async (db: Database): Promise<string | null> => {
  const [table] = await db.query<{ present: boolean }>(`SELECT to_regclass('public.instance_settings') IS NOT NULL AS present`);
  if (!table?.present) return null;
  const [row] = await db.query<{ value: string }>(`SELECT value FROM instance_settings WHERE key = 'store_id'`);
  return row?.value ?? null;
};

const refusal = (dataDir: string, what: string) =>
  new EmbeddedStoreError(
    `the embedded store in ${dataDir} ${what}; afterglow will not start on an empty store in its place. ` +
      `Restore the directory from a backup, or move it away to start afresh`,
  );

export interface EmbeddedStore {
  readonly db: Database;
  readonly lock: StoreLock;
  /** Once the schema is in place: records the store's identity for the next start to check. */
  rememberIdentity(): Promise<void>;
}

/**
 * Opens `npm start`'s PGlite store: the lock first, then files private to the operator (PGlite
 * creates its files 0666; the umask keeps the ones it creates later private too), then the
 * database, which must be the one this directory held before.
 */
export const openEmbeddedStore = async (dataDir: string, options: AcquireStoreLockOptions = {}): Promise<EmbeddedStore> => {
  const lock = await acquireStoreLock(dataDir, options);
  let db: Database | null = null;
  try {
    process.umask(0o077);
    const pgdata = join(dataDir, 'pgdata');
    const expected = readIdentityFile(dataDir);
    if (expected && !existsSync(join(pgdata, 'PG_VERSION'))) throw refusal(dataDir, `has lost its database files (${pgdata})`);
    const { openPgliteDatabase } = await import('../store/pglite-database.ts');
    try {
      db = await openPgliteDatabase(pgdata);
    } catch (error) {
      throw new EmbeddedStoreError(
        `the embedded store in ${dataDir} could not be opened (${(error as Error).message}). ` +
          'Restore the directory from a backup, or move it away to start afresh',
        { cause: error },
      );
    }
    makePrivate(dataDir);
    const found = await identityInStore(db);
    if (expected && found !== expected) throw refusal(dataDir, found ? 'holds another store than before' : 'is empty, though it held data before');
    const opened = db;
    return {
      db: opened,
      lock,
      async rememberIdentity() {
        const id = found ?? expected ?? randomUUID();
        await opened.query(`INSERT INTO instance_settings (key, value) VALUES ('store_id', $1) ON CONFLICT (key) DO NOTHING`, [id]);
        writeFileSync(join(dataDir, IDENTITY_FILE), `${id}\n`, { mode: 0o600 });
      },
    };
  } catch (error) {
    await db?.close();
    lock.release();
    throw error;
  }
};
