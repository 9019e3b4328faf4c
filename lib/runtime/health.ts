import type { Database } from '../store/database.ts';
import type { EventLog, HealthReport } from '../transport/event-log.ts';
import type { RecoveryQueue } from '../transport/recovery-queue.ts';

export interface HealthSummary {
  readonly ok: boolean;
  readonly store: HealthReport;
  readonly transport: HealthReport;
  readonly recoveryQueue: HealthReport;
}

const checkStore = async (db: Database): Promise<HealthReport> => {
  try {
    await db.query('SELECT 1');
    return { ok: true, detail: db.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL' };
  } catch (error) {
    return { ok: false, detail: `${db.kind}: ${(error as Error).message}` };
  }
};

export const checkHealth = async (deps: { db: Database; eventLog: EventLog; recoveryQueue: RecoveryQueue }): Promise<HealthSummary> => {
  const [store, transport, recoveryQueue] = await Promise.all([
    checkStore(deps.db),
    deps.eventLog.health(),
    deps.recoveryQueue.health(),
  ]);
  return { ok: store.ok && transport.ok && recoveryQueue.ok, store, transport, recoveryQueue };
};
