import type { ReconciliationCursors } from '../intake/reconcile-orders.ts';
import type { SqlExecutor } from './database.ts';

export interface ReconciliationRepository extends ReconciliationCursors {
  /** Tenants that gave afterglow their platform's API (`--api-url`, `--api-token`). */
  tenantIdsWithApi(): Promise<string[]>;
}

export const createReconciliationRepository = (db: SqlExecutor): ReconciliationRepository => ({
  async tenantIdsWithApi() {
    const rows = await db.query<{ id: string }>('SELECT id FROM tenants WHERE api_url IS NOT NULL AND api_token IS NOT NULL ORDER BY id');
    return rows.map((row) => row.id);
  },
  async find(tenantId) {
    const [row] = await db.query<{ synced_until: Date }>('SELECT synced_until FROM reconciliation_cursors WHERE tenant_id = $1', [tenantId]);
    return row ? { syncedUntil: new Date(row.synced_until) } : null;
  },
  async advance(tenantId, syncedUntil, run) {
    await db.query(
      `INSERT INTO reconciliation_cursors (tenant_id, synced_until, last_run, last_run_at) VALUES ($1, $2, $3::jsonb, now())
       ON CONFLICT (tenant_id) DO UPDATE SET
         synced_until = GREATEST(reconciliation_cursors.synced_until, EXCLUDED.synced_until),
         last_run = EXCLUDED.last_run, last_run_at = EXCLUDED.last_run_at`,
      [tenantId, syncedUntil, JSON.stringify(run)],
    );
  },
  async recordFailure(tenantId, at, reason) {
    await db.query(
      `UPDATE reconciliation_cursors SET last_failure = $2, last_failure_at = $3 WHERE tenant_id = $1`,
      [tenantId, reason.slice(0, 500), at],
    );
  },
});
