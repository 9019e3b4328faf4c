import * as z from 'zod';
import type { FeedbackCustomer } from '../../events/feedback-event.ts';
import type { RecoverySignal } from '../../events/recovery-signal.ts';
import { InvalidRequestError } from '../errors.ts';
import { normaliseCategories, REMEDIES, type CaseCategory, type SuggestedRemedy } from './categories.ts';
import { higherSeverity, severityRank, SEVERITIES, type Severity, type Triage } from './triage.ts';

/**
 * A recovery case: what a person on the service team works. One open case per customer and order;
 * later signals join it. States: open → acknowledged → resolved (with an outcome), or open →
 * resolved directly. A resolved case is closed: a new signal for that order opens a new case.
 */
export const CASE_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const RESOLUTIONS = ['put_right', 'no_fault_found', 'customer_unreachable', 'duplicate'] as const;

export const CaseOutcomeSchema = z.strictObject({
  /** How it ended: put right, nothing was wrong, the customer never answered, or a duplicate case. */
  resolution: z.enum(RESOLUTIONS),
  /** What was given (empty when nothing was). */
  remedies: z.array(z.enum(REMEDIES)).default([]),
  discountCode: z.string().min(1).max(100).nullable().default(null),
  note: z.string().max(2000).nullable().default(null),
});
export type CaseOutcome = z.infer<typeof CaseOutcomeSchema>;

export interface RecoveryCase {
  readonly id: string;
  readonly tenantId: string;
  readonly customerKey: string;
  readonly orderId: string | null;
  /** The order as the shop names it (`#1042`), when known. */
  readonly orderNumber: string | null;
  readonly customer: FeedbackCustomer;
  readonly state: CaseState;
  readonly severity: Severity;
  readonly priority: number;
  readonly categories: readonly CaseCategory[];
  readonly remedies: readonly SuggestedRemedy[];
  /** The first signal's summary: the ticket's subject. */
  readonly summary: string;
  readonly slaDueAt: Date;
  readonly signalCount: number;
  readonly openedAt: Date;
  readonly updatedAt: Date;
  readonly acknowledgedAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly outcome: CaseOutcome | null;
  readonly ticketId: string | null;
  readonly ticketUrl: string | null;
}

/** What one signal did to its case. */
export type SignalEffect = 'opened' | 'joined' | 'escalated' | 'capped';
export type NotificationState = 'pending' | 'done' | 'skipped';

export interface CaseSignal {
  readonly tenantId: string;
  readonly signalId: string;
  readonly caseId: string;
  readonly signal: RecoverySignal;
  readonly triage: Triage;
  readonly effect: SignalEffect;
  readonly messageId: string | null;
  readonly helpdesk: NotificationState;
  readonly chat: NotificationState;
  readonly receivedAt: Date;
}

/** The fields triage sets on a case. */
export interface CaseAssessment {
  readonly severity: Severity;
  readonly priority: number;
  readonly categories: readonly CaseCategory[];
  readonly slaDueAt: Date;
}

export interface SignalPlan {
  readonly effect: SignalEffect;
  /** The case's assessment after this signal (unchanged for a capped signal). */
  readonly assessment: CaseAssessment;
  /** Whether this signal updates the helpdesk ticket and posts a chat alert. */
  readonly notify: { readonly helpdesk: boolean; readonly chat: boolean };
}

/**
 * What a triaged signal does to the customer's open case for its order, pure:
 * - no open case: it opens one (ticket, and a chat alert unless it is low);
 * - an open case: it joins it — severity and priority take the higher, the SLA the earlier, the
 *   categories the union; the ticket gets a note, and a chat alert goes out only when the severity
 *   rose (escalated);
 * - a customer over the per-customer cap: the signal still joins (nothing is lost, the team sees it
 *   on the case) but changes nothing and notifies no one, so one customer's stream of messages
 *   cannot push everyone else down the worklist or flood the team's channel. A capped signal for
 *   an order with no open case still opens one: a case per order is bounded by the orders.
 */
export const planSignal = (open: CaseAssessment | null, triage: Triage, capped: boolean): SignalPlan => {
  const proposed: CaseAssessment = {
    severity: triage.severity,
    priority: triage.priority,
    categories: triage.categories,
    slaDueAt: triage.slaDueAt,
  };
  // A low case (a customer's own cancellation, a small refund) goes to the helpdesk queue, not the team's channel.
  if (!open) return { effect: 'opened', assessment: proposed, notify: { helpdesk: true, chat: severityRank(triage.severity) >= severityRank('normal') } };
  if (capped) return { effect: 'capped', assessment: open, notify: { helpdesk: false, chat: false } };
  const severity = higherSeverity(open.severity, triage.severity);
  const escalated = severityRank(severity) > severityRank(open.severity);
  return {
    effect: escalated ? 'escalated' : 'joined',
    assessment: {
      severity,
      priority: Math.max(open.priority, triage.priority),
      categories: normaliseCategories([...open.categories, ...triage.categories]),
      slaDueAt: new Date(Math.min(open.slaDueAt.getTime(), triage.slaDueAt.getTime())),
    },
    notify: { helpdesk: true, chat: escalated },
  };
};

/** `PATCH /api/cases/{id}`: a state to move to, with an outcome when resolving. */
export const CaseChangeSchema = z
  .strictObject({
    state: z.enum(['acknowledged', 'resolved']),
    outcome: CaseOutcomeSchema.optional(),
  })
  .superRefine((change, context) => {
    if (change.state === 'resolved' && !change.outcome) {
      context.addIssue({ code: 'custom', path: ['outcome'], message: 'resolving a case needs an outcome' });
    }
    if (change.state === 'acknowledged' && change.outcome) {
      context.addIssue({ code: 'custom', path: ['outcome'], message: 'only resolving a case takes an outcome' });
    }
  });
export type CaseChange = z.infer<typeof CaseChangeSchema>;

/** Field by field: the stored outcome comes back from jsonb with its keys in another order. */
const sameOutcome = (a: CaseOutcome | null, b: CaseOutcome | undefined): boolean =>
  a !== null &&
  b !== undefined &&
  a.resolution === b.resolution &&
  a.discountCode === b.discountCode &&
  a.note === b.note &&
  a.remedies.length === b.remedies.length &&
  a.remedies.every((remedy, index) => remedy === b.remedies[index]);

/**
 * Whether a change applies to a case in its current state: `apply`, or `unchanged` when the case is
 * already there (a retried PATCH: acknowledging an acknowledged case, resolving a resolved one with
 * the same outcome). Anything else is a bad transition (InvalidRequestError, 400).
 */
export const checkTransition = (current: RecoveryCase, change: CaseChange): 'apply' | 'unchanged' => {
  if (current.state === change.state && (change.state !== 'resolved' || sameOutcome(current.outcome, change.outcome))) {
    return 'unchanged';
  }
  const allowed: Readonly<Record<CaseState, readonly CaseState[]>> = {
    open: ['acknowledged', 'resolved'],
    acknowledged: ['resolved'],
    resolved: [],
  };
  if (!allowed[current.state].includes(change.state)) {
    throw new InvalidRequestError(
      current.state === 'resolved'
        ? `case ${current.id} is resolved (${current.outcome?.resolution ?? 'no outcome'}); a new signal opens a new case`
        : `a case cannot move from ${current.state} to ${change.state}`,
    );
  }
  return 'apply';
};

export const isSeverity = (value: string): value is Severity => (SEVERITIES as readonly string[]).includes(value);
export const isCaseState = (value: string): value is CaseState => (CASE_STATES as readonly string[]).includes(value);
