import type { FeedbackScale } from '../../events/feedback-scale.ts';
import type { SatisfactionDrop, ScoredAnswer } from '../recovery/satisfaction.ts';
import type { Database } from './database.ts';

export interface SatisfactionAlert extends SatisfactionDrop {
  readonly tenantId: string;
  readonly state: 'pending' | 'sent' | 'no_channel';
}

export interface SatisfactionRepository {
  /** Scored answers (the latest revision of each feedback) submitted in the window. */
  answers(tenantId: string, window: { from: Date; to: Date }): Promise<ScoredAnswer[]>;
  /** Tenants with scored feedback since `since`: the only ones a check needs to look at. */
  activeTenants(since: Date): Promise<string[]>;
  /** Records a drop once; returns it if it still needs posting (new, or an earlier post failed). */
  claimAlert(tenantId: string, drop: SatisfactionDrop): Promise<SatisfactionAlert | null>;
  markAlert(tenantId: string, drop: Pick<SatisfactionDrop, 'metric' | 'weekOf'>, state: 'sent' | 'no_channel' | 'pending', error?: string): Promise<void>;
  alerts(tenantId: string): Promise<SatisfactionAlert[]>;
}

interface AlertRow {
  tenant_id: string;
  metric: 'nps' | 'csat';
  week_of: string;
  previous_score: string;
  score: string;
  responses: number;
  state: 'pending' | 'sent' | 'no_channel';
}

const alertOf = (row: AlertRow): SatisfactionAlert => {
  const week = new Date(`${row.week_of}T00:00:00Z`);
  return {
    tenantId: row.tenant_id,
    metric: row.metric,
    weekOf: row.week_of,
    previousWeekOf: new Date(week.getTime() - 7 * 86_400_000).toISOString().slice(0, 10),
    from: Number(row.previous_score),
    to: Number(row.score),
    responses: row.responses,
    state: row.state,
  };
};

const ALERT_COLUMNS = `tenant_id, metric, to_char(week_of, 'YYYY-MM-DD') AS week_of, previous_score::text AS previous_score, score::text AS score, responses, state`;

export const createSatisfactionRepository = (db: Database): SatisfactionRepository => ({
  async answers(tenantId, window) {
    const rows = await db.query<{ submitted_at: Date; score: string; scale: FeedbackScale; stage: string | null }>(
      `SELECT submitted_at, score::text AS score, scale, stage FROM feedback_classifications
       WHERE tenant_id = $1 AND score IS NOT NULL AND submitted_at >= $2 AND submitted_at < $3`,
      [tenantId, window.from, window.to],
    );
    return rows.map((row) => ({ submittedAt: new Date(row.submitted_at), value: Number(row.score), scale: row.scale, stage: row.stage }));
  },
  async activeTenants(since) {
    const rows = await db.query<{ tenant_id: string }>(
      'SELECT DISTINCT tenant_id FROM feedback_classifications WHERE score IS NOT NULL AND submitted_at >= $1 ORDER BY tenant_id',
      [since],
    );
    return rows.map((row) => row.tenant_id);
  },
  async claimAlert(tenantId, drop) {
    const [row] = await db.query<AlertRow>(
      `INSERT INTO satisfaction_alerts (tenant_id, metric, week_of, previous_score, score, responses, state)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending')
       ON CONFLICT (tenant_id, metric, week_of) DO UPDATE SET state = satisfaction_alerts.state
       RETURNING ${ALERT_COLUMNS}`,
      [tenantId, drop.metric, drop.weekOf, drop.from, drop.to, drop.responses],
    );
    return row && row.state === 'pending' ? alertOf(row) : null;
  },
  async markAlert(tenantId, drop, state, error) {
    await db.query(
      `UPDATE satisfaction_alerts SET state = $4, last_error = $5, sent_at = CASE WHEN $4 = 'sent' THEN now() ELSE sent_at END
       WHERE tenant_id = $1 AND metric = $2 AND week_of = $3`,
      [tenantId, drop.metric, drop.weekOf, state, error ?? null],
    );
  },
  async alerts(tenantId) {
    const rows = await db.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM satisfaction_alerts WHERE tenant_id = $1 ORDER BY week_of, metric`, [tenantId]);
    return rows.map(alertOf);
  },
});
