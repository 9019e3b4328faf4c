import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from './database.ts';

/**
 * The key that signs links in messages: AFTERGLOW_SIGNING_KEY when set, else one generated on
 * first use and kept in the store, so links keep working across restarts and across every
 * process sharing the store. Concurrent first uses agree on one key (insert-if-absent, then read).
 */
export const loadSigningKey = async (db: SqlExecutor, configured: string | null): Promise<string> => {
  if (configured) return configured;
  await db.query(
    `INSERT INTO instance_settings (key, value) VALUES ('link_signing_key', $1) ON CONFLICT (key) DO NOTHING`,
    [randomBytes(32).toString('base64url')],
  );
  const [row] = await db.query<{ value: string }>(`SELECT value FROM instance_settings WHERE key = 'link_signing_key'`);
  if (!row) throw new Error('the link signing key could not be kept in the store');
  return row.value;
};
