import type { RecoverySignal } from '../../events/recovery-signal.ts';
import type { RecoverySettings } from '../tenants/settings.ts';
import { addBusinessHours } from './business-hours.ts';
import { categoriesOf, remediesFor, type CaseCategory, type SuggestedRemedy } from './categories.ts';

/**
 * Triage of one recovery signal, pure: how bad (severity), how soon (priority, SLA due time in the
 * tenant's business hours), what about (categories) and what to offer (a remedy per category).
 */

/** Lowest first. */
export const SEVERITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);
export const higherSeverity = (a: Severity, b: Severity): Severity => (severityRank(a) >= severityRank(b) ? a : b);

/** Someone may be hurt, or a legal or chargeback threat: a person must act today. */
const URGENT_CATEGORIES: ReadonlySet<CaseCategory> = new Set(['safety', 'legal_threat']);
/** The order itself failed the customer: damaged, lost, wrong, money or the order taken away. */
const HIGH_CATEGORIES: ReadonlySet<CaseCategory> = new Set([
  'damaged',
  'lost_or_not_received',
  'wrong_or_missing_item',
  'billing_refund',
  'order_cancelled',
]);
const NORMAL_CATEGORIES: ReadonlySet<CaseCategory> = new Set([
  'delivery_delay',
  'product_defect',
  'quality_mismatch',
  'service_staff',
]);

/**
 * Words that make a case urgent whatever the classifier said: a threat of a chargeback or of
 * legal action, or a customer hurt. A false alarm costs a look; a missed one costs far more.
 */
const URGENT_TERMS: readonly { readonly label: string; readonly pattern: RegExp }[] = [
  { label: 'chargeback', pattern: /\bcharge[\s-]?backs?\b|\bdisput(e|ed|ing) (the|this|a) (charge|payment|transaction)\b/i },
  { label: 'legal action', pattern: /\b(lawyers?|solicitors?|attorneys?|lawsuit|legal action|small claims|trading standards|sue|suing)\b/i },
  { label: 'injury', pattern: /\b(injur(y|ies|ed)|hospital|burn(ed|t)?|caught fire|electric shock|allergic reaction|chok(e|ed|ing))\b/i },
];

const textOf = (signal: RecoverySignal): string => {
  const { origin } = signal;
  const parts = [signal.summary];
  if (origin.kind === 'feedback') parts.push(origin.comment ?? '');
  if (origin.kind === 'review') parts.push(origin.title ?? '', origin.text ?? '');
  return parts.join('\n');
};

export const urgentTermsIn = (text: string): string[] =>
  URGENT_TERMS.filter((term) => term.pattern.test(text)).map((term) => term.label);

/** A plainly unhappy customer without a named problem: a low score or a negative review. */
const isUnhappy = (signal: RecoverySignal): boolean => {
  const { origin } = signal;
  if (origin.kind === 'feedback') return origin.sentiment === 'unhappy';
  return origin.kind === 'review' || origin.kind === 'order';
};

export const severityOf = (signal: RecoverySignal, categories: readonly CaseCategory[], urgentTerms: readonly string[]): Severity => {
  if (urgentTerms.length > 0 || categories.some((category) => URGENT_CATEGORIES.has(category))) return 'urgent';
  if (categories.some((category) => HIGH_CATEGORIES.has(category))) return 'high';
  if (categories.some((category) => NORMAL_CATEGORIES.has(category))) return 'normal';
  return isUnhappy(signal) ? 'normal' : 'low';
};

/** What afterglow knows of the customer from the store: orders, spend, cases, recent signals. */
export interface CustomerHistory {
  readonly orderCount: number;
  /** Lifetime spend net of refunds, in the shop's currency. */
  readonly totalSpent: number;
  /** Cases this customer had before this signal (open or resolved). */
  readonly previousCases: number;
  /** This customer's signals within the per-customer cap window, before this one. */
  readonly recentSignals: number;
}

export const NO_HISTORY: CustomerHistory = { orderCount: 0, totalSpent: 0, previousCases: 0, recentSignals: 0 };

export interface PriorityFactors {
  readonly severity: number;
  readonly value: number;
  readonly loyalty: number;
  readonly history: number;
  readonly recency: number;
}

const SEVERITY_POINTS: Readonly<Record<Severity, number>> = { low: 5, normal: 20, high: 40, urgent: 60 };
const HOUR = 3_600_000;

/**
 * Priority 0–100: severity dominates (an urgent case outranks any customer's normal one), then
 * the customer's value (spend, on a log scale), loyalty (repeat orders), history (earlier cases:
 * a second failure costs more goodwill than the first) and recency (a fresh problem can still be
 * caught before it turns into a review).
 */
export const priorityFactors = (severity: Severity, history: CustomerHistory, occurredAt: Date, now: Date): PriorityFactors => {
  const age = now.getTime() - occurredAt.getTime();
  return {
    severity: SEVERITY_POINTS[severity],
    value: Math.min(15, Math.round(5 * Math.log10(1 + Math.max(0, history.totalSpent) / 50))),
    loyalty: Math.min(8, Math.max(0, history.orderCount - 1) * 2),
    history: Math.min(8, history.previousCases * 4),
    recency: age <= 24 * HOUR ? 7 : age <= 7 * 24 * HOUR ? 4 : age <= 30 * 24 * HOUR ? 1 : 0,
  };
};

export const priorityOf = (factors: PriorityFactors): number =>
  Math.min(100, factors.severity + factors.value + factors.loyalty + factors.history + factors.recency);

export interface Triage {
  readonly severity: Severity;
  readonly priority: number;
  readonly factors: PriorityFactors;
  readonly categories: readonly CaseCategory[];
  readonly remedies: readonly SuggestedRemedy[];
  /** Phrases that made it urgent whatever its categories said. */
  readonly urgentTerms: readonly string[];
  readonly slaDueAt: Date;
}

export const triageSignal = (
  signal: RecoverySignal,
  history: CustomerHistory,
  settings: RecoverySettings,
  now: Date,
): Triage => {
  const categories = categoriesOf(signal);
  const urgentTerms = urgentTermsIn(textOf(signal));
  const severity = severityOf(signal, categories, urgentTerms);
  const factors = priorityFactors(severity, history, new Date(signal.occurredAt), now);
  return {
    severity,
    priority: priorityOf(factors),
    factors,
    categories,
    remedies: remediesFor(categories),
    urgentTerms,
    slaDueAt: addBusinessHours(now, settings.slaHours[severity], settings.businessHours),
  };
};
