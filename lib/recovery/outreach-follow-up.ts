import { randomUUID } from 'node:crypto';
import type { OutreachRepository } from '../store/outreach-repository.ts';
import type { SqlExecutor } from '../store/database.ts';
import { createFollowUpLog } from '../store/recovery-follow-up-repository.ts';
import type { RecoveryFollowUpScheduler } from './follow-up.ts';

/** Ask "did we put it right?" this long after the case is resolved: time for the remedy to arrive. */
export const FOLLOW_UP_DELAY_DAYS = 2;

/**
 * The follow-up of a resolved case as an ask like any other (`recovery_follow_up`): once per case,
 * within the customer's contact budget, answered on the feedback page with its own journey stage.
 * Every request is also kept in `recovery_follow_ups` with what became of it: a case without an
 * order to ask about, or one whose customer could not be reached or was a duplicate, asks nothing.
 */
export const createOutreachFollowUpScheduler = (deps: {
  db: SqlExecutor;
  outreach: Pick<OutreachRepository, 'schedule'>;
  clock: () => Date;
  newId?: () => string;
}): RecoveryFollowUpScheduler => ({
  async scheduleFollowUp(recoveryCase) {
    const resolution = recoveryCase.outcome?.resolution;
    const worthAsking = resolution === 'put_right' || resolution === 'no_fault_found';
    const state = !worthAsking ? `not asked: ${resolution ?? 'no outcome'}` : recoveryCase.orderId ? 'scheduled' : 'not asked: no order to ask about';
    const at = recoveryCase.resolvedAt ?? deps.clock();
    await createFollowUpLog(deps.db).record(recoveryCase, state, deps.clock());
    if (state !== 'scheduled' || !recoveryCase.orderId) return;
    await deps.outreach.schedule({
      id: (deps.newId ?? (() => `out_${randomUUID()}`))(),
      tenantId: recoveryCase.tenantId,
      orderId: recoveryCase.orderId,
      customerKey: recoveryCase.customerKey,
      kind: 'recovery_follow_up',
      dedupeKey: `case:${recoveryCase.id}:recovery_follow_up`,
      journeyAt: new Date(at.getTime() + FOLLOW_UP_DELAY_DAYS * 86_400_000),
      fixedTime: false,
      basis: 'case resolved',
      payload: { caseId: recoveryCase.id },
      plannedAt: deps.clock(),
    });
  },
});
