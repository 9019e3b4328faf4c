import { randomUUID } from 'node:crypto';
import { FeedbackEventSchema, type FeedbackEvent, type FeedbackSource } from '../../events/feedback-event.ts';
import type { Database } from './database.ts';

/** The feedback as last submitted, with what the next revision needs to know. */
export interface PriorFeedback {
  readonly feedbackId: string;
  readonly revision: number;
  readonly latest: FeedbackEvent | null;
}

export interface FeedbackToSubmit {
  readonly tenantId: string;
  readonly source: FeedbackSource;
  /** One feedback per this key and source: the ask answered (page), or the caller's own id (API). */
  readonly sourceKey: string;
  readonly orderId: string | null;
  readonly customerKey: string;
  /** The next revision's event, or null when it would say nothing new (a repeated submission). */
  readonly build: (prior: PriorFeedback) => FeedbackEvent | null;
}

export interface FeedbackRepository {
  /** Stores the next revision atomically (concurrent submissions of one feedback take turns). */
  submit(submission: FeedbackToSubmit): Promise<{ event: FeedbackEvent; changed: boolean } | null>;
  markPublished(feedbackId: string, revision: number, at: Date): Promise<void>;
  /** Revisions not yet on the log, oldest first (the relay publishes them). */
  unpublished(createdBefore: Date, limit: number): Promise<FeedbackEvent[]>;
  latestBySource(tenantId: string, source: FeedbackSource, sourceKey: string): Promise<FeedbackEvent | null>;
  latest(tenantId: string, feedbackId: string): Promise<FeedbackEvent | null>;
}

const parse = (event: unknown): FeedbackEvent => FeedbackEventSchema.parse(event);

export const createFeedbackRepository = (db: Database, newId: () => string = () => `fb_${randomUUID()}`): FeedbackRepository => ({
  submit: (submission) =>
    db.transaction(async (tx) => {
      const now = new Date();
      await tx.query(
        `INSERT INTO feedback (id, tenant_id, source, source_key, order_id, customer_key, revision, first_submitted_at, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7) ON CONFLICT (tenant_id, source, source_key) DO NOTHING`,
        [newId(), submission.tenantId, submission.source, submission.sourceKey, submission.orderId, submission.customerKey, now],
      );
      const [row] = await tx.query<{ id: string; revision: number; event: unknown }>(
        `SELECT f.id, f.revision, r.event FROM feedback f
         LEFT JOIN feedback_revisions r ON r.feedback_id = f.id AND r.revision = f.revision
         WHERE f.tenant_id = $1 AND f.source = $2 AND f.source_key = $3 FOR UPDATE OF f`,
        [submission.tenantId, submission.source, submission.sourceKey],
      );
      if (!row) return null;
      const latest = row.event ? parse(row.event) : null;
      const next = submission.build({ feedbackId: row.id, revision: row.revision, latest });
      if (!next) return latest ? { event: latest, changed: false } : null;
      await tx.query('INSERT INTO feedback_revisions (feedback_id, revision, event) VALUES ($1, $2, $3::jsonb)', [
        row.id,
        next.revision,
        JSON.stringify(next),
      ]);
      await tx.query(
        `UPDATE feedback SET revision = $2, submitted_at = $3, first_submitted_at = $4 WHERE id = $1`,
        [row.id, next.revision, next.submittedAt, next.firstSubmittedAt],
      );
      return { event: next, changed: true };
    }),

  async markPublished(feedbackId, revision, at) {
    await db.query('UPDATE feedback_revisions SET published_at = $3 WHERE feedback_id = $1 AND revision = $2 AND published_at IS NULL', [
      feedbackId,
      revision,
      at,
    ]);
  },

  async unpublished(createdBefore, limit) {
    const rows = await db.query<{ event: unknown }>(
      `SELECT event FROM feedback_revisions WHERE published_at IS NULL AND created_at < $1 ORDER BY created_at, revision LIMIT $2`,
      [createdBefore, limit],
    );
    return rows.map((row) => parse(row.event));
  },

  async latestBySource(tenantId, source, sourceKey) {
    const [row] = await db.query<{ event: unknown }>(
      `SELECT r.event FROM feedback f JOIN feedback_revisions r ON r.feedback_id = f.id AND r.revision = f.revision
       WHERE f.tenant_id = $1 AND f.source = $2 AND f.source_key = $3`,
      [tenantId, source, sourceKey],
    );
    return row ? parse(row.event) : null;
  },

  async latest(tenantId, feedbackId) {
    const [row] = await db.query<{ event: unknown }>(
      `SELECT r.event FROM feedback f JOIN feedback_revisions r ON r.feedback_id = f.id AND r.revision = f.revision
       WHERE f.tenant_id = $1 AND f.id = $2`,
      [tenantId, feedbackId],
    );
    return row ? parse(row.event) : null;
  },
});
