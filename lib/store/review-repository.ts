import type { SqlExecutor } from './database.ts';

/** A review as stored: once per tenant, source and review id. */
export interface StoredReview {
  readonly tenantId: string;
  readonly source: string;
  readonly reviewId: string;
  readonly rating: number | null;
  readonly title: string | null;
  readonly body: string | null;
  readonly reviewerName: string | null;
  readonly reviewerEmail: string | null;
  readonly referenceId: string | null;
  /** The order it is about, when afterglow could tell. */
  readonly orderId: string | null;
  /** The customer it is from, when afterglow could tell (the order's customer, or by email). */
  readonly customerKey: string | null;
  readonly url: string | null;
  readonly language: string | null;
  readonly postedAt: Date | null;
  readonly receivedAt: Date;
  /** Set for a negative review: the recovery signal it raises, and when it went on the queue. */
  readonly signalId: string | null;
  readonly signalSentAt: Date | null;
  /** Written while the tenant offered an incentive for first-party reviews. */
  readonly incentivised: boolean;
}

export type NewReview = Omit<StoredReview, 'signalSentAt'> & { readonly payload: unknown };

export interface ReviewRepository {
  /** Stores the review unless it is there; answers the stored row and whether it was new. */
  record(review: NewReview): Promise<{ readonly created: boolean; readonly review: StoredReview }>;
  markSignalSent(tenantId: string, source: string, reviewId: string, at: Date): Promise<void>;
  find(tenantId: string, source: string, reviewId: string): Promise<StoredReview | null>;
  /** The reviews a customer posted (for outreach: no review reminder once they reviewed). */
  byCustomer(tenantId: string, customerKey: string): Promise<StoredReview[]>;
  /** The customer key the order stream knows for this email, the most recent order's. */
  customerKeyByEmail(tenantId: string, email: string): Promise<string | null>;
}

interface ReviewRow {
  tenant_id: string;
  source: string;
  review_id: string;
  rating: string | null;
  title: string | null;
  body: string | null;
  reviewer_name: string | null;
  reviewer_email: string | null;
  reference_id: string | null;
  order_id: string | null;
  customer_key: string | null;
  url: string | null;
  language: string | null;
  posted_at: Date | null;
  received_at: Date;
  signal_id: string | null;
  signal_sent_at: Date | null;
  incentivised: boolean;
}

const COLUMNS = `tenant_id, source, review_id, rating::text AS rating, title, body, reviewer_name, reviewer_email, reference_id,
  order_id, customer_key, url, language, posted_at, received_at, signal_id, signal_sent_at, incentivised`;

const reviewOf = (row: ReviewRow): StoredReview => ({
  tenantId: row.tenant_id,
  source: row.source,
  reviewId: row.review_id,
  rating: row.rating === null ? null : Number(row.rating),
  title: row.title,
  body: row.body,
  reviewerName: row.reviewer_name,
  reviewerEmail: row.reviewer_email,
  referenceId: row.reference_id,
  orderId: row.order_id,
  customerKey: row.customer_key,
  url: row.url,
  language: row.language,
  postedAt: row.posted_at && new Date(row.posted_at),
  receivedAt: new Date(row.received_at),
  signalId: row.signal_id,
  signalSentAt: row.signal_sent_at && new Date(row.signal_sent_at),
  incentivised: row.incentivised,
});

export const createReviewRepository = (db: SqlExecutor): ReviewRepository => {
  const find = async (tenantId: string, source: string, reviewId: string) => {
    const [row] = await db.query<ReviewRow>(
      `SELECT ${COLUMNS} FROM reviews WHERE tenant_id = $1 AND source = $2 AND review_id = $3`,
      [tenantId, source, reviewId],
    );
    return row ? reviewOf(row) : null;
  };
  return {
    async record(review) {
      const [row] = await db.query<ReviewRow>(
        `INSERT INTO reviews (tenant_id, source, review_id, rating, title, body, reviewer_name, reviewer_email, reference_id,
           order_id, customer_key, url, language, posted_at, received_at, payload, signal_id, incentivised)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17, $18)
         ON CONFLICT (tenant_id, source, review_id) DO NOTHING RETURNING ${COLUMNS}`,
        [
          review.tenantId,
          review.source,
          review.reviewId,
          review.rating,
          review.title,
          review.body,
          review.reviewerName,
          review.reviewerEmail,
          review.referenceId,
          review.orderId,
          review.customerKey,
          review.url,
          review.language,
          review.postedAt,
          review.receivedAt,
          JSON.stringify(review.payload),
          review.signalId,
          review.incentivised,
        ],
      );
      if (row) return { created: true, review: reviewOf(row) };
      const existing = await find(review.tenantId, review.source, review.reviewId);
      if (!existing) throw new Error(`review ${review.source}:${review.reviewId} vanished while being recorded`);
      return { created: false, review: existing };
    },
    async markSignalSent(tenantId, source, reviewId, at) {
      await db.query('UPDATE reviews SET signal_sent_at = $4 WHERE tenant_id = $1 AND source = $2 AND review_id = $3', [
        tenantId,
        source,
        reviewId,
        at,
      ]);
    },
    find,
    async byCustomer(tenantId, customerKey) {
      const rows = await db.query<ReviewRow>(
        `SELECT ${COLUMNS} FROM reviews WHERE tenant_id = $1 AND customer_key = $2 ORDER BY received_at`,
        [tenantId, customerKey],
      );
      return rows.map(reviewOf);
    },
    async customerKeyByEmail(tenantId, email) {
      const [row] = await db.query<{ customer_key: string }>(
        `SELECT customer_key FROM orders WHERE tenant_id = $1 AND customer_email = $2 ORDER BY state_at DESC LIMIT 1`,
        [tenantId, email],
      );
      return row?.customer_key ?? null;
    },
  };
};
