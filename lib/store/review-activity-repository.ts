import type { Database } from './database.ts';

/**
 * What afterglow knows of a customer's public-review journey: whether they clicked through one of
 * its links (when they were last invited is read from the outreach, under the customer's lock).
 */
export interface ReviewActivityRepository {
  recordClick(click: { tenantId: string; outreachId: string | null; orderId: string | null; customerKey: string; destination: string; at: Date; userAgent: string | null }): Promise<void>;
  /** Whether someone clicked a link of this ask at or after `notBefore`. */
  clickedThrough(outreachId: string, notBefore: Date): Promise<boolean>;
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
});
