import type { Database, SqlExecutor } from './database.ts';
import { subjectDigest, type ErasureSubject } from '../privacy/erasure-subjects.ts';

/** Who to erase, as a privacy request names them (any of these may be missing). */
export interface CustomerToErase {
  readonly tenantId: string;
  /** Customer keys as afterglow forms them (`c:<id>`, `e:<email>`), known up front. */
  readonly customerKeys: readonly string[];
  readonly orderIds: readonly string[];
  /** Normalised (lower-case) email and phone (`+` and digits), to find guest orders too. */
  readonly email: string | null;
  readonly phone: string | null;
}

/** What an erasure did, in counts: the privacy log keeps this, never the data. */
export type ErasureSummary = Readonly<Record<string, number>>;

/** Something an event is about, and when afterglow received it: a tombstone newer than that refuses it. */
export interface EventSubjects {
  readonly tenantId: string;
  readonly customerKey: string | null;
  readonly orderId: string | null;
  readonly at: Date;
}

export interface ErasureRepository {
  /** Which of these events are about someone erased after the event was received (indexes into the list). */
  erased(events: readonly EventSubjects[]): Promise<Set<number>>;
  /** The customer keys and order ids afterglow holds for this customer (from the request's ids, email, phone, orders). */
  resolveCustomer(tx: SqlExecutor, customer: CustomerToErase): Promise<{ customerKeys: string[]; orderIds: string[] }>;
  tombstone(tx: SqlExecutor, tenantId: string, subjects: readonly ErasureSubject[], at: Date): Promise<void>;
}

export const createErasureRepository = (db: Database): ErasureRepository => ({
  async erased(events) {
    if (events.length === 0) return new Set();
    const probes = events.flatMap((event, index) => [
      { index, tenant_id: event.tenantId, subject: subjectDigest({ kind: 'shop' }), at: event.at.toISOString() },
      ...(event.customerKey ? [{ index, tenant_id: event.tenantId, subject: subjectDigest({ kind: 'customer', key: event.customerKey }), at: event.at.toISOString() }] : []),
      ...(event.orderId ? [{ index, tenant_id: event.tenantId, subject: subjectDigest({ kind: 'order', id: event.orderId }), at: event.at.toISOString() }] : []),
    ]);
    const rows = await db.query<{ index: number }>(
      `SELECT DISTINCT p.index FROM jsonb_to_recordset($1::jsonb) AS p(index int, tenant_id text, subject text, at timestamptz)
       JOIN erasure_tombstones t ON t.tenant_id = p.tenant_id AND t.subject = p.subject AND t.erased_at > p.at`,
      [JSON.stringify(probes)],
    );
    return new Set(rows.map((row) => row.index));
  },

  async resolveCustomer(tx, customer) {
    const rows = await tx.query<{ customer_key: string; order_id: string }>(
      `SELECT customer_key, order_id FROM orders
       WHERE tenant_id = $1 AND (customer_key = ANY($2::text[]) OR order_id = ANY($3::text[])
         OR ($4::text IS NOT NULL AND lower(customer_email) = $4)
         OR ($5::text IS NOT NULL AND regexp_replace(customer_phone, '[^0-9+]', '', 'g') = $5))`,
      [customer.tenantId, [...customer.customerKeys], [...customer.orderIds], customer.email, customer.phone],
    );
    const customerKeys = new Set([...customer.customerKeys, ...rows.map((row) => row.customer_key)]);
    // Every order of every key found: an order the request did not list is still this customer's.
    const more = await tx.query<{ order_id: string }>('SELECT order_id FROM orders WHERE tenant_id = $1 AND customer_key = ANY($2::text[])', [
      customer.tenantId,
      [...customerKeys],
    ]);
    return { customerKeys: [...customerKeys], orderIds: [...new Set([...customer.orderIds, ...rows.map((row) => row.order_id), ...more.map((row) => row.order_id)])] };
  },

  async tombstone(tx, tenantId, subjects, at) {
    if (subjects.length === 0) return;
    await tx.query(
      `INSERT INTO erasure_tombstones (tenant_id, subject, erased_at) SELECT $1, unnest($2::text[]), $3
       ON CONFLICT (tenant_id, subject) DO UPDATE SET erased_at = GREATEST(erasure_tombstones.erased_at, EXCLUDED.erased_at)`,
      [tenantId, subjects.map(subjectDigest), at],
    );
  },
});
