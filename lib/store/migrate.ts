import type { Database } from './database.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

/** Any constant works; it names "afterglow migrations" among PostgreSQL advisory locks. */
const MIGRATION_LOCK = 74_201_126;

/**
 * The migrations this code expects that the database has not applied (none when it is current).
 * One query: a Lambda cold start checks this instead of migrating.
 */
export const pendingMigrations = async (db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> => {
  const [table] = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!table?.present) return migrations.map((migration) => migration.id);
  const applied = new Set((await db.query<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id));
  return migrations.filter((migration) => !applied.has(migration.id)).map((migration) => migration.id);
};

/**
 * Brings the schema up to date. Safe to run from many processes at once (every Lambda cold start,
 * two CLI runs): an advisory lock serialises them and each migration commits with its record.
 */
export const migrate = async (db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> =>
  db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const applied = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id));
    const pending = migrations.filter((migration) => !applied.has(migration.id));
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
    }
    return pending.map((migration) => migration.id);
  });
