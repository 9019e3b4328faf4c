import type { RecoveryCase } from '../recovery/recovery-case.ts';
import type { SqlExecutor } from './database.ts';

export interface RecordedFollowUp {
  readonly caseId: string;
  readonly tenantId: string;
  readonly customerKey: string;
  readonly orderId: string | null;
  readonly outcome: unknown;
  readonly state: string;
  readonly requestedAt: Date;
}

/** Every follow-up a resolved case asked for, once per case, with what became of it. */
export const createFollowUpLog = (db: SqlExecutor) => ({
  async record(recoveryCase: RecoveryCase, state: string, at: Date): Promise<void> {
    await db.query(
      `INSERT INTO recovery_follow_ups (case_id, tenant_id, customer_key, order_id, outcome, requested_at, state)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) ON CONFLICT (case_id) DO NOTHING`,
      [recoveryCase.id, recoveryCase.tenantId, recoveryCase.customerKey, recoveryCase.orderId, JSON.stringify(recoveryCase.outcome), at, state],
    );
  },
  async list(tenantId: string): Promise<RecordedFollowUp[]> {
    const rows = await db.query<{
      case_id: string;
      tenant_id: string;
      customer_key: string;
      order_id: string | null;
      outcome: unknown;
      state: string;
      requested_at: Date;
    }>('SELECT * FROM recovery_follow_ups WHERE tenant_id = $1 ORDER BY requested_at, case_id', [tenantId]);
    return rows.map((row) => ({
      caseId: row.case_id,
      tenantId: row.tenant_id,
      customerKey: row.customer_key,
      orderId: row.order_id,
      outcome: row.outcome,
      state: row.state,
      requestedAt: new Date(row.requested_at),
    }));
  },
});
