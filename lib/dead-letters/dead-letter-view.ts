import type { StoredDeadLetter } from '../store/dead-letter-repository.ts';

/** A dead letter in a listing: what failed, where and why; the payload only in `show`. */
export const deadLetterSummary = (entry: StoredDeadLetter) => ({
  id: entry.id,
  handler: entry.deadLetter.handler,
  tenantId: entry.deadLetter.version === 2 ? entry.deadLetter.tenantId : null,
  source: entry.deadLetter.source,
  reason: entry.deadLetter.reason,
  errorName: entry.deadLetter.errorName,
  failedAt: entry.deadLetter.failedAt,
  redrivenAt: entry.redrivenAt?.toISOString() ?? null,
});
