import { orderLabel } from './signal-wording.ts';
import type { CaseSignal, RecoveryCase } from './recovery-case.ts';
import { customerWordsOf } from './signal-wording.ts';

/** A case as the tenant API shows it. */
export const caseView = (recoveryCase: RecoveryCase) => ({
  caseId: recoveryCase.id,
  state: recoveryCase.state,
  severity: recoveryCase.severity,
  priority: recoveryCase.priority,
  slaDueAt: recoveryCase.slaDueAt.toISOString(),
  summary: recoveryCase.summary,
  customer: recoveryCase.customer,
  orderId: recoveryCase.orderId,
  order: orderLabel(recoveryCase.orderNumber, recoveryCase.orderId),
  categories: recoveryCase.categories,
  remedies: recoveryCase.remedies,
  signalCount: recoveryCase.signalCount,
  ticket: recoveryCase.ticketId ? { id: recoveryCase.ticketId, url: recoveryCase.ticketUrl } : null,
  openedAt: recoveryCase.openedAt.toISOString(),
  updatedAt: recoveryCase.updatedAt.toISOString(),
  acknowledgedAt: recoveryCase.acknowledgedAt?.toISOString() ?? null,
  resolvedAt: recoveryCase.resolvedAt?.toISOString() ?? null,
  outcome: recoveryCase.outcome,
});

/** One signal of a case: what happened, how it was triaged, what it did. */
export const caseSignalView = (signal: CaseSignal) => ({
  signalId: signal.signalId,
  effect: signal.effect,
  summary: signal.signal.summary,
  issues: signal.signal.issues,
  /** The customer's own words (a comment, a review's title and text), null when they wrote none. */
  words: customerWordsOf(signal.signal),
  origin: signal.signal.origin,
  occurredAt: signal.signal.occurredAt,
  receivedAt: signal.receivedAt.toISOString(),
  triage: {
    severity: signal.triage.severity,
    priority: signal.triage.priority,
    factors: signal.triage.factors,
    urgentTerms: signal.triage.urgentTerms,
  },
  helpdesk: signal.helpdesk,
  chat: signal.chat,
});
