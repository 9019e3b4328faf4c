import type { Database } from '../store/database.ts';
import type { EventLog, HealthReport } from '../transport/event-log.ts';

export interface HealthSummary {
  readonly ok: boolean;
  readonly store: HealthReport;
  readonly transport: HealthReport;
}

const checkStore = async (db: Database): Promise<HealthReport> => {
  try {
    await db.query('SELECT 1');
    return { ok: true, detail: db.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL' };
  } catch (error) {
    return { ok: false, detail: `${db.kind}: ${(error as Error).message}` };
  }
};

export const checkHealth = async (deps: { db: Database; eventLog: EventLog }): Promise<HealthSummary> => {
  const [store, transport] = await Promise.all([checkStore(deps.db), deps.eventLog.health()]);
  return { ok: store.ok && transport.ok, store, transport };
};
