import { olderThan, positionMicros, type PagePosition } from './newest-first-page.ts';
import type { ReferralParty } from '../advocacy/referral-checks.ts';
import { pgErrorCode, PG_UNIQUE_VIOLATION, type Database } from './database.ts';

export type ReferralState = 'held' | 'refused' | 'granted' | 'cancelled' | 'clawed_back';

export interface ReferralCode extends ReferralParty {
  readonly tenantId: string;
  readonly code: string;
}

export interface Referral {
  readonly tenantId: string;
  readonly orderId: string;
  readonly code: string;
  readonly advocateKey: string;
  readonly friendKey: string;
  readonly attributedVia: 'discount_code' | 'landing';
  readonly orderTotal: string | null;
  readonly state: ReferralState;
  readonly reason: string | null;
  readonly qualifiesAt: Date | null;
  readonly grantedAt: Date | null;
  readonly settledAt: Date | null;
}

export interface ReferralRepository {
  /** The advocate's code: the one they have, or a new one made with `newCode` (retried on a clash). */
  codeFor(advocate: Omit<ReferralCode, 'code'> & { feedbackId: string | null }, newCode: () => string): Promise<string>;
  codeOf(tenantId: string, customerKey: string): Promise<string | null>;
  findCode(code: string): Promise<ReferralCode | null>;
  recordVisit(code: ReferralCode, at: Date, userAgent: string | null): Promise<void>;
  /** Records the referral of an order once; a later attribution of the same order changes nothing. */
  attribute(referral: Omit<Referral, 'grantedAt' | 'settledAt'>): Promise<boolean>;
  find(tenantId: string, orderId: string): Promise<Referral | null>;
  /** The holding period of each order ends `at` (its latest fulfilment, delivery or completion + the return window). */
  holdUntil(holds: readonly { tenantId: string; orderId: string; at: Date }[]): Promise<void>;
  /** A refund: a held referral is cancelled, a granted one clawed back. */
  settleRefund(tenantId: string, orderId: string, at: Date, reason: string): Promise<ReferralState | null>;
  grantDue(now: Date): Promise<Referral[]>;
  /** Newest first by when each referral was recorded, in exact pages (lib/store/newest-first-page.ts). */
  list(tenantId: string, limit: number, before?: PagePosition): Promise<(Referral & { readonly position: PagePosition })[]>;
  /** The friend's orders other than `orderId`, by customer or email, placed before it (or at all, when its time is unknown). */
  earlierOrders(tenantId: string, friend: { customerKey: string; email: string | null }, orderId: string, placedAt: string | null): Promise<number>;
  /** The latest shipping-address fingerprint seen on an order's events. */
  addressKeyOfOrder(tenantId: string, orderId: string): Promise<string | null>;
  /** When the order was last fulfilled, delivered or completed (event time), if it was. */
  settledOrderTime(tenantId: string, orderId: string): Promise<Date | null>;
}

interface ReferralRow {
  tenant_id: string;
  order_id: string;
  code: string;
  advocate_key: string;
  friend_key: string;
  attributed_via: 'discount_code' | 'landing';
  order_total: string | null;
  state: ReferralState;
  reason: string | null;
  qualifies_at: Date | null;
  granted_at: Date | null;
  settled_at: Date | null;
}

const referralOf = (row: ReferralRow): Referral => ({
  tenantId: row.tenant_id,
  orderId: row.order_id,
  code: row.code,
  advocateKey: row.advocate_key,
  friendKey: row.friend_key,
  attributedVia: row.attributed_via,
  orderTotal: row.order_total === null ? null : String(row.order_total),
  state: row.state,
  reason: row.reason,
  qualifiesAt: row.qualifies_at && new Date(row.qualifies_at),
  grantedAt: row.granted_at && new Date(row.granted_at),
  settledAt: row.settled_at && new Date(row.settled_at),
});

const REFERRAL_COLUMNS = 'tenant_id, order_id, code, advocate_key, friend_key, attributed_via, order_total::text AS order_total, state, reason, qualifies_at, granted_at, settled_at';

export const createReferralRepository = (db: Database): ReferralRepository => {
  const codeOf = async (tenantId: string, customerKey: string) => {
    const [row] = await db.query<{ code: string }>('SELECT code FROM referral_codes WHERE tenant_id = $1 AND customer_key = $2', [tenantId, customerKey]);
    return row?.code ?? null;
  };
  return {
    codeOf,
    async codeFor(advocate, newCode) {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const existing = await codeOf(advocate.tenantId, advocate.customerKey);
        if (existing) return existing;
        try {
          await db.query(
            `INSERT INTO referral_codes (tenant_id, code, customer_key, email, full_name, address_key, feedback_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, customer_key) DO NOTHING`,
            [advocate.tenantId, newCode(), advocate.customerKey, advocate.email, advocate.fullName, advocate.addressKey, advocate.feedbackId],
          );
        } catch (error) {
          if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error; // another advocate has this code: draw again
        }
      }
      const made = await codeOf(advocate.tenantId, advocate.customerKey);
      if (!made) throw new Error('could not make a unique referral code');
      return made;
    },
    async findCode(code) {
      const [row] = await db.query<{ tenant_id: string; code: string; customer_key: string; email: string | null; full_name: string | null; address_key: string | null }>(
        'SELECT tenant_id, code, customer_key, email, full_name, address_key FROM referral_codes WHERE code = $1',
        [code],
      );
      return row
        ? { tenantId: row.tenant_id, code: row.code, customerKey: row.customer_key, email: row.email, fullName: row.full_name, addressKey: row.address_key }
        : null;
    },
    async recordVisit(code, at, userAgent) {
      await db.query('INSERT INTO referral_visits (tenant_id, code, visited_at, user_agent) VALUES ($1, $2, $3, $4)', [
        code.tenantId,
        code.code,
        at,
        userAgent?.slice(0, 500) ?? null,
      ]);
    },
    async attribute(referral) {
      const rows = await db.query(
        `INSERT INTO referrals (tenant_id, order_id, code, advocate_key, friend_key, attributed_via, order_total, state, reason, qualifies_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (tenant_id, order_id) DO NOTHING RETURNING 1`,
        [
          referral.tenantId,
          referral.orderId,
          referral.code,
          referral.advocateKey,
          referral.friendKey,
          referral.attributedVia,
          referral.orderTotal,
          referral.state,
          referral.reason,
          referral.qualifiesAt,
        ],
      );
      return rows.length > 0;
    },
    async find(tenantId, orderId) {
      const [row] = await db.query<ReferralRow>(`SELECT ${REFERRAL_COLUMNS} FROM referrals WHERE tenant_id = $1 AND order_id = $2`, [tenantId, orderId]);
      return row ? referralOf(row) : null;
    },
    async holdUntil(holds) {
      if (holds.length === 0) return;
      await db.query(
        `UPDATE referrals r SET qualifies_at = GREATEST(COALESCE(r.qualifies_at, x.at), x.at), updated_at = now()
         FROM (SELECT tenant_id, order_id, max(at) AS at FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(tenant_id, order_id, at)
               GROUP BY tenant_id, order_id) x
         WHERE r.tenant_id = x.tenant_id AND r.order_id = x.order_id AND r.state = 'held'`,
        [holds.map((hold) => hold.tenantId), holds.map((hold) => hold.orderId), holds.map((hold) => hold.at.toISOString())],
      );
    },
    async settleRefund(tenantId, orderId, at, reason) {
      const [row] = await db.query<{ state: ReferralState }>(
        `UPDATE referrals SET state = CASE WHEN state = 'held' THEN 'cancelled' ELSE 'clawed_back' END,
           reason = $4, settled_at = $3, updated_at = now()
         WHERE tenant_id = $1 AND order_id = $2 AND state IN ('held', 'granted') RETURNING state`,
        [tenantId, orderId, at, reason],
      );
      return row?.state ?? null;
    },
    async grantDue(now) {
      const rows = await db.query<ReferralRow>(
        `UPDATE referrals SET state = 'granted', granted_at = $1, updated_at = now()
         WHERE state = 'held' AND qualifies_at <= $1 RETURNING ${REFERRAL_COLUMNS}`,
        [now],
      );
      return rows.map(referralOf);
    },
    async list(tenantId, limit, before) {
      const rows = await db.query<ReferralRow & { position_micros: string }>(
        `SELECT ${REFERRAL_COLUMNS}, ${positionMicros('created_at')} AS position_micros FROM referrals
         WHERE tenant_id = $1 ${before ? `AND ${olderThan('created_at', 'order_id', '$3', '$4')}` : ''}
         ORDER BY created_at DESC, order_id DESC LIMIT $2`,
        before ? [tenantId, limit, before.micros, before.id] : [tenantId, limit],
      );
      return rows.map((row) => ({ ...referralOf(row), position: { micros: row.position_micros, id: row.order_id } }));
    },
    async earlierOrders(tenantId, friend, orderId, placedAt) {
      const [row] = await db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM orders
         WHERE tenant_id = $1 AND order_id <> $2 AND (customer_key = $3 OR (customer_email IS NOT NULL AND customer_email = $4))
           AND ($5::timestamptz IS NULL OR placed_at IS NULL OR placed_at < $5::timestamptz)`,
        [tenantId, orderId, friend.customerKey, friend.email, placedAt],
      );
      return row?.count ?? 0;
    },
    async addressKeyOfOrder(tenantId, orderId) {
      const [row] = await db.query<{ key: string | null }>(
        `SELECT event->'order'->>'shippingAddressKey' AS key FROM order_events
         WHERE tenant_id = $1 AND order_id = $2 AND event->'order'->>'shippingAddressKey' IS NOT NULL
         ORDER BY occurred_at DESC LIMIT 1`,
        [tenantId, orderId],
      );
      return row?.key ?? null;
    },
    async settledOrderTime(tenantId, orderId) {
      const [row] = await db.query<{ at: Date | null }>(
        `SELECT max(occurred_at) AS at FROM order_events WHERE tenant_id = $1 AND order_id = $2 AND kind IN ('fulfilled', 'delivered', 'completed')`,
        [tenantId, orderId],
      );
      return row?.at ? new Date(row.at) : null;
    },
  };
};
