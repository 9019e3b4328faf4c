import type { FeedbackEvent } from '../../events/feedback-event.ts';
import type { FeedbackClassification } from '../feedback/classifier-port.ts';
import type { RoutingDecision } from '../feedback/routing-decision.ts';
import type { Database } from './database.ts';

export interface ClassifiedFeedback {
  readonly event: FeedbackEvent;
  readonly classification: FeedbackClassification;
  readonly routing: RoutingDecision;
  /** Where it was read: `topic-partition@offset`. */
  readonly source: string;
}

export interface ClassificationRepository {
  /**
   * Keeps the classification of the feedback's highest revision. Returns `latest` when this
   * revision is (now, or already) the one kept, `superseded` when a higher revision is.
   */
  record(classified: ClassifiedFeedback): Promise<'latest' | 'superseded'>;
  find(tenantId: string, feedbackId: string): Promise<{ revision: number; sentiment: string; recovery: boolean; issues: string[]; routing: RoutingDecision } | null>;
}

export const createClassificationRepository = (db: Database): ClassificationRepository => ({
  async record({ event, classification, routing, source }) {
    const [row] = await db.query<{ revision: number }>(
      `INSERT INTO feedback_classifications (tenant_id, feedback_id, revision, order_id, customer_key, stage, score, scale,
         sentiment, confidence, issues, recovery, language, reasons, routing, source, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15::jsonb, $16, $17)
       ON CONFLICT (tenant_id, feedback_id) DO UPDATE SET
         revision = EXCLUDED.revision, order_id = EXCLUDED.order_id, customer_key = EXCLUDED.customer_key, stage = EXCLUDED.stage,
         score = EXCLUDED.score, scale = EXCLUDED.scale, sentiment = EXCLUDED.sentiment, confidence = EXCLUDED.confidence,
         issues = EXCLUDED.issues, recovery = EXCLUDED.recovery, language = EXCLUDED.language, reasons = EXCLUDED.reasons,
         routing = EXCLUDED.routing, source = EXCLUDED.source, submitted_at = EXCLUDED.submitted_at, classified_at = now()
       WHERE EXCLUDED.revision > feedback_classifications.revision
       RETURNING revision`,
      [
        event.tenantId,
        event.feedbackId,
        event.revision,
        event.orderId,
        event.customer.key,
        event.stage,
        event.score?.value ?? null,
        event.score?.scale ?? null,
        classification.sentiment,
        classification.confidence,
        [...classification.issues],
        classification.recovery,
        classification.language,
        JSON.stringify(classification.reasons),
        JSON.stringify(routing),
        source,
        event.submittedAt,
      ],
    );
    if (row) return 'latest';
    const [kept] = await db.query<{ revision: number }>(
      'SELECT revision FROM feedback_classifications WHERE tenant_id = $1 AND feedback_id = $2',
      [event.tenantId, event.feedbackId],
    );
    return kept && kept.revision > event.revision ? 'superseded' : 'latest';
  },
  async find(tenantId, feedbackId) {
    const [row] = await db.query<{ revision: number; sentiment: string; recovery: boolean; issues: string[]; routing: RoutingDecision }>(
      'SELECT revision, sentiment, recovery, issues, routing FROM feedback_classifications WHERE tenant_id = $1 AND feedback_id = $2',
      [tenantId, feedbackId],
    );
    return row ?? null;
  },
});
