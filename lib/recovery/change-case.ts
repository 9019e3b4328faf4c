import { InvalidRequestError, NotFoundError } from '../errors.ts';
import type { RecoveryCaseRepository } from '../store/recovery-case-repository.ts';
import type { RecoveryFollowUpScheduler } from './follow-up.ts';
import type { HelpdeskUpdates } from './helpdesk-jobs.ts';
import { CaseChangeSchema, checkTransition, type RecoveryCase } from './recovery-case.ts';

export interface ChangeCaseDeps {
  readonly cases: Pick<RecoveryCaseRepository, 'find' | 'forCustomer'>;
  readonly followUps: RecoveryFollowUpScheduler;
  /** Where a resolution goes to the case's ticket (solved, with an internal note), as a durable job. */
  readonly helpdesk: HelpdeskUpdates;
  readonly clock: () => Date;
}

export interface ChangeCaseOptions {
  /**
   * Who made the change: the team in afterglow (API, console, CLI), whose resolution solves the
   * ticket, or the helpdesk itself (its ticket was solved there), whose ticket is left as it is.
   */
  readonly via?: 'afterglow' | 'helpdesk';
}

/**
 * `PATCH /api/cases/{id}`: acknowledge or resolve a case (with an outcome). Validated with zod,
 * checked against the case's state under the customer's lock (a signal joining at the same moment
 * waits), and a resolved case schedules its follow-up and, resolved in afterglow, a job solving its
 * helpdesk ticket. Repeating a change that already applied answers the case as it is and schedules
 * nothing new (the scheduler and the job queue are idempotent on the case), so a retry after a
 * failure between the two finishes the work.
 */
export const changeCase = async (
  tenantId: string,
  caseId: string,
  body: unknown,
  deps: ChangeCaseDeps,
  options: ChangeCaseOptions = {},
): Promise<RecoveryCase> => {
  const parsed = CaseChangeSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
    throw new InvalidRequestError(`invalid case change: ${problems}`);
  }
  const change = parsed.data;
  const found = await deps.cases.find(tenantId, caseId);
  if (!found) throw new NotFoundError(`no case ${caseId}`);
  const changed = await deps.cases.forCustomer(tenantId, found.customerKey, async (store) => {
    const current = (await store.findCase(tenantId, caseId)) ?? found;
    if (checkTransition(current, change) === 'unchanged') return current;
    const moved = await store.transition(caseId, current.state, change.state, change.outcome ?? null, deps.clock());
    if (!moved) throw new InvalidRequestError(`case ${caseId} changed meanwhile; read it again`);
    return moved;
  });
  if (changed.state === 'resolved') {
    if (options.via === 'helpdesk') await deps.helpdesk.caseSolvedInHelpdesk(changed);
    else await deps.helpdesk.caseResolved(changed);
    await deps.followUps.scheduleFollowUp(changed);
  }
  return changed;
};
