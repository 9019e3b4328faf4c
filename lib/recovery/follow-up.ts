import type { RecoveryCase } from './recovery-case.ts';

/**
 * The port a resolved case goes out through: schedule a short "did we put it right?" ask to the
 * customer, within their contact budget (`createOutreachFollowUpScheduler`; tests may pass another).
 */
export interface RecoveryFollowUpScheduler {
  /** Idempotent on the case id: a retried resolution schedules one follow-up. */
  scheduleFollowUp(recoveryCase: RecoveryCase): Promise<void>;
}
