import type { Logger } from '../logger.ts';
import { ProviderError } from '../providers/call-provider.ts';
import type { Helpdesk } from '../providers/zendesk.ts';
import type { HelpdeskJob, HelpdeskJobRepository } from '../store/helpdesk-job-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import type { RecoverySettings } from '../tenants/settings.ts';
import type { Remedy } from './categories.ts';
import type { CaseOutcome, RecoveryCase } from './recovery-case.ts';

/**
 * The helpdesk side of a case's life, as durable jobs (`helpdesk_jobs`) the helpdeskJobs schedule
 * works: a case resolved in afterglow solves its ticket with an internal note, and an erased
 * customer's tickets are redacted. Nothing here calls the helpdesk inside a request or a
 * transaction; a helpdesk that is down delays the work, which is retried with backoff a bounded
 * number of times and then kept as failed with its reason.
 */

/** Attempts before a job is given up as failed (about 9 hours of backoff in all). */
export const MAX_HELPDESK_JOB_ATTEMPTS = 12;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 60 * 60_000;
/** How long a run holds a claimed job before another run may take it over. */
export const HELPDESK_JOB_LEASE_MS = 5 * 60_000;
const JOBS_PER_RUN = 50;

/** The wait before attempt `attempts + 1`: 1, 2, 4 … minutes, at most an hour. */
export const backoffAfter = (attempts: number): number => Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));

/** The port a case's resolution goes out through to its ticket. */
export interface HelpdeskUpdates {
  /** Idempotent on the case: a resolved case with a ticket gets one "solve" job, however often it is called. */
  caseResolved(recoveryCase: RecoveryCase): Promise<void>;
  /** The case was resolved because its ticket was solved in the helpdesk: its ticket is never solved again by afterglow. */
  caseSolvedInHelpdesk(recoveryCase: RecoveryCase): Promise<void>;
}

const RESOLUTION_WORDS: Readonly<Record<CaseOutcome['resolution'], string>> = {
  put_right: 'put right',
  no_fault_found: 'no fault found',
  customer_unreachable: 'the customer could not be reached',
  duplicate: 'a duplicate case',
};
const REMEDY_WORDS: Readonly<Record<Remedy, string>> = {
  apology: 'apologised',
  reship: 'reshipped',
  refund: 'refunded',
  discount_code: 'discount code given',
};

/** The internal note a ticket is solved with: how the case ended, in afterglow's words and the team's note. */
export const solveNoteOf = (recoveryCase: RecoveryCase): string => {
  const outcome = recoveryCase.outcome;
  const given = outcome?.remedies.length ? ` (${outcome.remedies.map((remedy) => REMEDY_WORDS[remedy]).join(', ')})` : '';
  return [
    `Resolved in afterglow: ${outcome ? RESOLUTION_WORDS[outcome.resolution] : 'resolved'}${given}.`,
    ...(outcome?.discountCode ? [`Discount code: ${outcome.discountCode}`] : []),
    ...(outcome?.note ? [`Note: ${outcome.note}`] : []),
    `afterglow case ${recoveryCase.id}`,
  ].join('\n');
};

/** What an erased customer's pending "solve" jobs say instead: the team's note may name them. */
export const ERASED_SOLVE_NOTE = 'Resolved in afterglow. (The customer\'s data was erased; the note is not kept.)';

export const solveJobKey = (caseId: string): string => `solve:${caseId}`;
export const redactJobKey = (ticketId: string): string => `redact:${ticketId}`;

export const createHelpdeskUpdates = (deps: { readonly jobs: Pick<HelpdeskJobRepository, 'enqueue'>; readonly clock: () => Date }): HelpdeskUpdates => {
  const solveJob = async (recoveryCase: RecoveryCase, cancelledBecause?: string) => {
    if (recoveryCase.state !== 'resolved' || !recoveryCase.ticketId) return;
    await deps.jobs.enqueue(
      {
        tenantId: recoveryCase.tenantId,
        kind: 'solve_ticket',
        dedupeKey: solveJobKey(recoveryCase.id),
        ticketId: recoveryCase.ticketId,
        caseId: recoveryCase.id,
        payload: cancelledBecause ? {} : { note: solveNoteOf(recoveryCase) },
        ...(cancelledBecause ? { cancelledBecause } : {}),
      },
      deps.clock(),
    );
  };
  return {
    caseResolved: (recoveryCase) => solveJob(recoveryCase),
    caseSolvedInHelpdesk: (recoveryCase) => solveJob(recoveryCase, 'the ticket was solved in the helpdesk'),
  };
};

export interface WorkHelpdeskJobsDeps {
  readonly jobs: HelpdeskJobRepository;
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly channels: { helpdeskFor(settings: RecoverySettings): Helpdesk | null };
  readonly logger: Logger;
}

export interface HelpdeskJobsSummary {
  done: number;
  retrying: number;
  failed: number;
  cancelled: number;
}

/**
 * An error as kept on the job: a provider's status and reason. For a redaction only the status
 * and the first words are kept, since a helpdesk's answer might quote what it was asked to redact.
 */
const reasonOf = (job: HelpdeskJob, error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const kept = job.kind === 'redact_ticket' ? message.split(': ')[0] ?? message : message;
  return kept.slice(0, 500);
};

const run = async (job: HelpdeskJob, helpdesk: Helpdesk): Promise<string | null> => {
  if (job.kind === 'solve_ticket') {
    const note = typeof job.payload.note === 'string' && job.payload.note ? job.payload.note : 'Resolved in afterglow.';
    await helpdesk.solveTicket(job.ticketId, { body: note });
    return null;
  }
  const { found } = await helpdesk.redactTicket(job.ticketId);
  return found ? null : 'the ticket no longer exists in the helpdesk: nothing to redact';
};

/**
 * One run of the helpdeskJobs schedule at `now`: claims the jobs that are due (leased, so runs
 * that overlap never work one job twice) and works each against its tenant's helpdesk. A job
 * succeeds (done), is retried later with backoff while the failure is transient and attempts
 * remain, or fails with its reason (the helpdesk refused, attempts ran out, or the tenant no longer
 * has a helpdesk). One job's failure never stops the others.
 */
export const workHelpdeskJobs = async (deps: WorkHelpdeskJobsDeps, now: Date): Promise<HelpdeskJobsSummary> => {
  const summary: HelpdeskJobsSummary = { done: 0, retrying: 0, failed: 0, cancelled: 0 };
  for (const job of await deps.jobs.claimDue(now, JOBS_PER_RUN, HELPDESK_JOB_LEASE_MS)) {
    const log = deps.logger.child({ tenantId: job.tenantId, jobId: job.id, kind: job.kind, ticketId: job.ticketId });
    const tenant = await deps.tenants.findById(job.tenantId);
    const helpdesk = tenant ? deps.channels.helpdeskFor(tenant.settings.recovery) : null;
    if (!helpdesk) {
      await deps.jobs.finish(job.id, 'cancelled', 'the tenant has no helpdesk configured any more', now);
      summary.cancelled += 1;
      continue;
    }
    try {
      const remark = await run(job, helpdesk);
      await deps.jobs.finish(job.id, 'done', remark, now);
      summary.done += 1;
    } catch (error) {
      const reason = reasonOf(job, error);
      const retryable = !(error instanceof ProviderError) || error.retryable;
      if (retryable && job.attempts < MAX_HELPDESK_JOB_ATTEMPTS) {
        await deps.jobs.retryLater(job.id, reason, new Date(now.getTime() + backoffAfter(job.attempts)), now);
        log.warn('helpdesk job will be retried', { attempts: job.attempts, error: reason });
        summary.retrying += 1;
      } else {
        await deps.jobs.finish(job.id, 'failed', `after ${job.attempts} attempt${job.attempts === 1 ? '' : 's'}: ${reason}`, now);
        log.error('helpdesk job failed', { attempts: job.attempts, error: reason });
        summary.failed += 1;
      }
    }
  }
  if (summary.done + summary.retrying + summary.failed + summary.cancelled > 0) deps.logger.info('helpdesk jobs run', { ...summary });
  return summary;
};
