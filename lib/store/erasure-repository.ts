import type { Database, SqlExecutor } from './database.ts';
import { positionMicros } from './newest-first-page.ts';
import { memoisedSubjectDigest, subjectDigest, subjectsOfEvent, type ErasureSubject } from '../privacy/erasure-subjects.ts';

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

/**
 * SQL: whether a tombstone of this tenant names any of these subjects (digests) and is newer than
 * this time — the rule {@link ErasureRepository.erased} applies, for a statement that refuses such
 * events itself instead of asking first (lib/store/order-repository.ts).
 */
export const newerTombstoneExists = (tenantId: string, subjects: string, at: string): string =>
  `EXISTS (SELECT 1 FROM erasure_tombstones t WHERE t.tenant_id = ${tenantId} AND t.subject = ANY (${subjects}) AND t.erased_at > ${at})`;

export const createErasureRepository = (db: Database): ErasureRepository => ({
  async erased(events) {
    if (events.length === 0) return new Set();
    // Each distinct subject is looked up once (a batch names one shop and repeats its customers and
    // orders); whether its tombstone is newer than an event is then decided per event, in the
    // microseconds the store keeps, so the answer is the one a probe per event gave.
    const digestOf = memoisedSubjectDigest();
    const subjectsOf = events.map((event) =>
      subjectsOfEvent(event.customerKey, event.orderId).map((subject) => `${event.tenantId}\u0000${digestOf(subject)}`),
    );
    const probes = [...new Set(subjectsOf.flat())].map((key) => key.split('\u0000') as [string, string]);
    const rows = await db.query<{ tenant_id: string; subject: string; erased_micros: string }>(
      `SELECT t.tenant_id, t.subject, ${positionMicros('t.erased_at')} AS erased_micros
       FROM unnest($1::text[], $2::text[]) AS p(tenant_id, subject)
       JOIN erasure_tombstones t ON t.tenant_id = p.tenant_id AND t.subject = p.subject`,
      [probes.map(([tenantId]) => tenantId), probes.map(([, subject]) => subject)],
    );
    const erasedAt = new Map(rows.map((row) => [`${row.tenant_id}\u0000${row.subject}`, BigInt(row.erased_micros)]));
    const erased = new Set<number>();
    if (erasedAt.size === 0) return erased;
    subjectsOf.forEach((keys, index) => {
      const receivedMicros = BigInt((events[index] as EventSubjects).at.getTime()) * 1000n;
      if (keys.some((key) => {
        const tombstoned = erasedAt.get(key);
        return tombstoned !== undefined && tombstoned > receivedMicros;
      }))
        erased.add(index);
    });
    return erased;
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
