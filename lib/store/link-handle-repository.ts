import { LINK_PURPOSES, type LinkClaims, type LinkPurpose } from '../links/link-claims.ts';
import { newLinkHandle } from '../links/link-handle.ts';
import type { Database } from './database.ts';

interface LinkHandleRow {
  purpose: string;
  tenant_id: string;
  order_id: string | null;
  customer_key: string;
  outreach_id: string | null;
  channel: string | null;
  address: string | null;
  subject: string | null;
  expires_at: Date | null;
}

/** The claims behind each link handle; erased with the customer (customers/redact) and with the shop. */
export interface LinkHandleRepository {
  /** Stores the claims under a new handle and returns it. */
  mint(claims: LinkClaims): Promise<string>;
  /** The claims of a handle, exactly as spelled; null for a handle afterglow never gave out (or erased). */
  find(handle: string): Promise<LinkClaims | null>;
}

export const createLinkHandleRepository = (db: Database, newHandle: () => string = newLinkHandle): LinkHandleRepository => ({
  async mint(claims) {
    const handle = newHandle();
    await db.query(
      `INSERT INTO link_handles (handle, purpose, tenant_id, order_id, customer_key, outreach_id, channel, address, subject, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [handle, claims.purpose, claims.tenantId, claims.orderId, claims.customerKey, claims.outreachId, claims.channel, claims.address, claims.subject, claims.expiresAt],
    );
    return handle;
  },
  async find(handle) {
    const [row] = await db.query<LinkHandleRow>(
      'SELECT purpose, tenant_id, order_id, customer_key, outreach_id, channel, address, subject, expires_at FROM link_handles WHERE handle = $1',
      [handle],
    );
    if (!row || !(LINK_PURPOSES as readonly string[]).includes(row.purpose)) return null;
    return {
      purpose: row.purpose as LinkPurpose,
      tenantId: row.tenant_id,
      orderId: row.order_id,
      customerKey: row.customer_key,
      outreachId: row.outreach_id,
      channel: row.channel === 'email' || row.channel === 'sms' ? row.channel : null,
      address: row.address,
      subject: row.subject,
      expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    };
  },
});
