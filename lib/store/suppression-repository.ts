import type { Channel } from '../journey/send-eligibility.ts';
import { hashedAddress } from '../privacy/erasure-subjects.ts';
import type { Database } from './database.ts';

/**
 * Who must not be contacted, per channel and address (an unsubscribe covers the address it came
 * from; SMS STOP covers the number). A START lifts it; the row stays, with the latest reason.
 */
export interface SuppressionRepository {
  suppress(entry: { tenantId: string; channel: Channel; address: string; customerKey: string | null; reason: string; at: Date }): Promise<void>;
  lift(entry: { tenantId: string; channel: Channel; address: string; reason: string; at: Date }): Promise<void>;
  suppressedChannels(tenantId: string, addresses: { email: string | null; phone: string | null }): Promise<Set<Channel>>;
}

/** Addresses are compared in one form: e-mail lower-cased, phone numbers as `+` and digits. */
export const normaliseAddress = (channel: Channel, address: string): string =>
  channel === 'email' ? address.trim().toLowerCase() : address.trim().replace(/(?!^\+)[^\d]/g, '');

export const createSuppressionRepository = (db: Database): SuppressionRepository => ({
  async suppress({ tenantId, channel, address, customerKey, reason, at }) {
    await db.query(
      `INSERT INTO suppressions (tenant_id, channel, address, customer_key, suppressed, reason, changed_at)
       VALUES ($1, $2, $3, $4, true, $5, $6)
       ON CONFLICT (tenant_id, channel, address) DO UPDATE SET suppressed = true, reason = EXCLUDED.reason,
         customer_key = COALESCE(EXCLUDED.customer_key, suppressions.customer_key), changed_at = EXCLUDED.changed_at`,
      [tenantId, channel, normaliseAddress(channel, address), customerKey, reason, at],
    );
  },
  async lift({ tenantId, channel, address, reason, at }) {
    await db.query(
      `UPDATE suppressions SET suppressed = false, reason = $4, changed_at = $5
       WHERE tenant_id = $1 AND channel = $2 AND address = $3`,
      [tenantId, channel, normaliseAddress(channel, address), reason, at],
    );
  },
  async suppressedChannels(tenantId, { email, phone }) {
    // An erased customer's unsubscribe is kept hashed (see lib/privacy): it still holds if they come back.
    const forms = (channel: Channel, address: string | null) => {
      if (!address) return [];
      const normalised = normaliseAddress(channel, address);
      return [normalised, hashedAddress(normalised)];
    };
    const rows = await db.query<{ channel: Channel }>(
      `SELECT channel FROM suppressions WHERE tenant_id = $1 AND suppressed AND (
         (channel = 'email' AND address = ANY($2::text[])) OR (channel = 'sms' AND address = ANY($3::text[])))`,
      [tenantId, forms('email', email), forms('sms', phone)],
    );
    return new Set(rows.map((row) => row.channel));
  },
});
