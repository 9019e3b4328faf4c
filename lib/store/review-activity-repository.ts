import type { Database } from './database.ts';

/**
 * What afterglow knows of a customer's public-review journey: when they were last invited, and
 * whether they clicked through one of its links.
 */
export interface ReviewActivityRepository {
  recordClick(click: { tenantId: string; outreachId: string | null; orderId: string | null; customerKey: string; destination: string; at: Date; userAgent: string | null }): Promise<void>;
  /** Whether someone clicked a link of this ask at or after `notBefore`. */
  clickedThrough(outreachId: string, notBefore: Date): Promise<boolean>;
  /** When this customer was last sent a review invitation (other than `excludeId`). */
  lastInvitation(tenantId: string, customerKey: string, excludeId: string): Promise<Date | null>;
}

export const createReviewActivityRepository = (db: Database): ReviewActivityRepository => ({
  async recordClick(click) {
    await db.query(
      `INSERT INTO link_clicks (tenant_id, outreach_id, order_id, customer_key, destination, clicked_at, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [click.tenantId, click.outreachId, click.orderId, click.customerKey, click.destination, click.at, click.userAgent?.slice(0, 500) ?? null],
    );
  },
  async clickedThrough(outreachId, notBefore) {
    const [row] = await db.query<{ clicked: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM link_clicks WHERE outreach_id = $1 AND clicked_at >= $2) AS clicked',
      [outreachId, notBefore],
    );
    return row?.clicked ?? false;
  },
  async lastInvitation(tenantId, customerKey, excludeId) {
    const [row] = await db.query<{ at: Date | null }>(
      `SELECT max(sent_at) AS at FROM outreach WHERE tenant_id = $1 AND customer_key = $2 AND kind = 'review_invitation' AND state = 'sent' AND id <> $3`,
      [tenantId, customerKey, excludeId],
    );
    return row?.at ? new Date(row.at) : null;
  },
});
