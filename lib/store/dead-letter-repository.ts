import { deadLetterSourceKey, tenantOfDeadLetter, type DeadLetter } from '../../events/dead-letter.ts';
import { storableValue } from '../text/storable-text.ts';
import type { SqlExecutor } from './database.ts';

/** A dead letter as the store keeps it: its id is its source key (`kafka:topic:partition:offset`, `sqs:queue:messageId`). */
export interface StoredDeadLetter {
  readonly id: string;
  readonly deadLetter: DeadLetter;
  readonly recordedAt: Date;
  /** When `dead-letters redrive` republished it; null until then. */
  readonly redrivenAt: Date | null;
}

export interface DeadLetterQuery {
  readonly handler?: string;
  /** Only those about this tenant (the tenant API's view). */
  readonly tenantId?: string;
  readonly since?: Date;
  /** Newest first; `before` an id's time pages on. */
  readonly before?: Date;
  /** Only those no redrive has republished yet. */
  readonly notRedriven?: boolean;
  readonly limit?: number;
}

export interface DeadLetterRepository {
  /** Whether this source (topic-partition-offset, queue message) was already dead-lettered. */
  has(source: DeadLetter['source']): Promise<boolean>;
  /** Records it once; false when it was already there. */
  record(deadLetter: DeadLetter): Promise<boolean>;
  list(options?: { handler?: string; limit?: number }): Promise<DeadLetter[]>;
  query(options?: DeadLetterQuery): Promise<StoredDeadLetter[]>;
  find(id: string): Promise<StoredDeadLetter | null>;
  /** Whether a source was republished already (on any path). */
  redriven(sourceKey: string): Promise<boolean>;
  /** Notes a republished source; false when another redrive noted it first. */
  markRedriven(sourceKey: string, target: string): Promise<boolean>;
}

interface Row {
  source_key: string;
  dead_letter: DeadLetter;
  created_at: Date;
  redriven_at: Date | null;
}

const stored = (row: Row): StoredDeadLetter => ({
  id: row.source_key,
  deadLetter: row.dead_letter,
  recordedAt: new Date(row.created_at),
  redrivenAt: row.redriven_at ? new Date(row.redriven_at) : null,
});

const SELECT = `SELECT d.source_key, d.dead_letter, d.created_at, r.redriven_at
  FROM dead_letters d LEFT JOIN dead_letter_redrives r ON r.source_key = d.source_key`;

export const createDeadLetterRepository = (db: SqlExecutor): DeadLetterRepository => ({
  async has(source) {
    const rows = await db.query('SELECT 1 FROM dead_letters WHERE source_key = $1', [deadLetterSourceKey(source)]);
    return rows.length > 0;
  },
  async record(given) {
    // The sink keeps unstorable payloads as base64; this is the last guard for every other field.
    const deadLetter = storableValue(given);
    const rows = await db.query(
      `INSERT INTO dead_letters (source_key, handler, reason, dead_letter, tenant_id) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (source_key) DO NOTHING RETURNING source_key`,
      [deadLetterSourceKey(deadLetter.source), deadLetter.handler, deadLetter.reason, JSON.stringify(deadLetter), tenantOfDeadLetter(deadLetter)],
    );
    return rows.length > 0;
  },
  async list(options = {}) {
    return (await this.query(options)).map((entry) => entry.deadLetter);
  },
  async query(options = {}) {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (options.handler) where('d.handler = ?', options.handler);
    if (options.tenantId) where('d.tenant_id = ?', options.tenantId);
    if (options.since) where('d.created_at >= ?', options.since);
    if (options.before) where('d.created_at < ?', options.before);
    if (options.notRedriven) conditions.push('r.source_key IS NULL');
    values.push(limit);
    const rows = await db.query<Row>(
      `${SELECT} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY d.created_at DESC, d.source_key LIMIT $${values.length}`,
      values,
    );
    return rows.map(stored);
  },
  async find(id) {
    const [row] = await db.query<Row>(`${SELECT} WHERE d.source_key = $1`, [id]);
    return row ? stored(row) : null;
  },
  async redriven(sourceKey) {
    return (await db.query('SELECT 1 FROM dead_letter_redrives WHERE source_key = $1', [sourceKey])).length > 0;
  },
  async markRedriven(sourceKey, target) {
    const rows = await db.query(
      'INSERT INTO dead_letter_redrives (source_key, target) VALUES ($1, $2) ON CONFLICT (source_key) DO NOTHING RETURNING source_key',
      [sourceKey, target],
    );
    return rows.length > 0;
  },
});
