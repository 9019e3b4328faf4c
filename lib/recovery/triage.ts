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
/**
 * Something went wrong that a person should look at within the day: a late parcel, a faulty or
 * disappointing product, poor service, an order refunded (the money is back, the goodwill not yet),
 * or cancelled without saying by whom (it may have been the shop).
 */
const NORMAL_CATEGORIES: ReadonlySet<CaseCategory> = new Set([
  'delivery_delay',
  'product_defect',
  'quality_mismatch',
  'service_staff',
  'refund_given',
  'partial_refund',
  'cancellation_unverified',
]);
/** Low whatever else: a customer's own cancellation, a small goodwill refund. */
const LOW_CATEGORIES: ReadonlySet<CaseCategory> = new Set(['customer_cancelled', 'small_refund']);

/**
 * How much each problem costs the customer, to order cases within one severity (0–10): a parcel
 * that never came before a late one, a shop's cancellation before one nobody explained.
 */
const IMPACT: Readonly<Record<CaseCategory, number>> = {
  safety: 10,
  legal_threat: 9,
  lost_or_not_received: 8,
  damaged: 7,
  wrong_or_missing_item: 6,
  order_cancelled: 6,
  billing_refund: 5,
  product_defect: 5,
  quality_mismatch: 4,
  service_staff: 4,
  delivery_delay: 3,
  cancellation_unverified: 3,
  refund_given: 2,
  partial_refund: 2,
  dissatisfied: 2,
  small_refund: 1,
  customer_cancelled: 0,
};

/** The heaviest problem, plus a point for each further one (up to two): several at once weigh more. */
export const impactOf = (categories: readonly CaseCategory[]): number =>
  Math.min(10, Math.max(0, ...categories.map((category) => IMPACT[category])) + Math.min(2, Math.max(0, categories.length - 1)));

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
  return origin.kind === 'review';
};

export const severityOf = (signal: RecoverySignal, categories: readonly CaseCategory[], urgentTerms: readonly string[]): Severity => {
  if (urgentTerms.length > 0 || categories.some((category) => URGENT_CATEGORIES.has(category))) return 'urgent';
  if (categories.some((category) => HIGH_CATEGORIES.has(category))) return 'high';
  if (categories.some((category) => NORMAL_CATEGORIES.has(category))) return 'normal';
  if (categories.some((category) => LOW_CATEGORIES.has(category))) return 'low';
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
  /** How much the problems cost the customer, within the severity (0–10). */
  readonly impact: number;
  readonly value: number;
  readonly loyalty: number;
  readonly history: number;
  readonly recency: number;
}

/** The other factors add at most 38 (10 + 10 + 6 + 6 + 6): no normal case reaches an urgent one. */
const SEVERITY_POINTS: Readonly<Record<Severity, number>> = { low: 5, normal: 20, high: 40, urgent: 60 };
const HOUR = 3_600_000;

/**
 * Priority 0–100: severity dominates (an urgent case outranks any customer's normal one), then
 * what happened (a lost parcel before a late one), the customer's value (spend, on a log scale),
 * loyalty (repeat orders), history (earlier cases: a second failure costs more goodwill than the
 * first) and recency (a fresh problem can still be caught before it turns into a review).
 */
export const priorityFactors = (
  severity: Severity,
  categories: readonly CaseCategory[],
  history: CustomerHistory,
  occurredAt: Date,
  now: Date,
): PriorityFactors => {
  const age = now.getTime() - occurredAt.getTime();
  return {
    severity: SEVERITY_POINTS[severity],
    impact: impactOf(categories),
    value: Math.min(10, Math.round(7 * Math.log10(1 + Math.max(0, history.totalSpent) / 25))),
    loyalty: Math.min(6, Math.max(0, history.orderCount - 1) * 2),
    history: Math.min(6, history.previousCases * 3),
    recency: age <= 24 * HOUR ? 6 : age <= 7 * 24 * HOUR ? 3 : age <= 30 * 24 * HOUR ? 1 : 0,
  };
};

export const priorityOf = (factors: PriorityFactors): number =>
  Math.min(100, factors.severity + (factors.impact ?? 0) + factors.value + factors.loyalty + factors.history + factors.recency);

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
  const categories = categoriesOf(signal, settings);
  const urgentTerms = urgentTermsIn(textOf(signal));
  const severity = severityOf(signal, categories, urgentTerms);
  const factors = priorityFactors(severity, categories, history, new Date(signal.occurredAt), now);
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
