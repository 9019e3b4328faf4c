import { deadLetterSourceKey, type DeadLetter } from '../../events/dead-letter.ts';
import { storableValue } from '../text/storable-text.ts';
import type { SqlExecutor } from './database.ts';

export interface DeadLetterRepository {
  /** Whether this source (topic-partition-offset, queue message) was already dead-lettered. */
  has(source: DeadLetter['source']): Promise<boolean>;
  /** Records it once; false when it was already there. */
  record(deadLetter: DeadLetter): Promise<boolean>;
  list(options?: { handler?: string; limit?: number }): Promise<DeadLetter[]>;
}

export const createDeadLetterRepository = (db: SqlExecutor): DeadLetterRepository => ({
  async has(source) {
    const rows = await db.query('SELECT 1 FROM dead_letters WHERE source_key = $1', [deadLetterSourceKey(source)]);
    return rows.length > 0;
  },
  async record(given) {
    // The sink keeps unstorable payloads as base64; this is the last guard for every other field.
    const deadLetter = storableValue(given);
    const rows = await db.query(
      `INSERT INTO dead_letters (source_key, handler, reason, dead_letter) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (source_key) DO NOTHING RETURNING source_key`,
      [deadLetterSourceKey(deadLetter.source), deadLetter.handler, deadLetter.reason, JSON.stringify(deadLetter)],
    );
    return rows.length > 0;
  },
  async list(options = {}) {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    const rows = options.handler
      ? await db.query<{ dead_letter: DeadLetter }>(
          'SELECT dead_letter FROM dead_letters WHERE handler = $1 ORDER BY created_at DESC LIMIT $2',
          [options.handler, limit],
        )
      : await db.query<{ dead_letter: DeadLetter }>(
          'SELECT dead_letter FROM dead_letters ORDER BY created_at DESC LIMIT $1',
          [limit],
        );
    return rows.map((row) => row.dead_letter);
  },
});
