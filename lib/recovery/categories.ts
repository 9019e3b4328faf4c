import { ISSUE_CATEGORIES, type IssueCategory } from '../../events/feedback-scale.ts';
import type { OrderFailureV2, RecoverySignal } from '../../events/recovery-signal.ts';
import { compareAmounts } from '../platforms/normalise-helpers.ts';

/**
 * What a case is about: the classifier's issue categories, plus what a signal can carry without
 * naming an issue — what happened to the order (the shop cancelled it, the customer did, nobody
 * says who; refunded in full, in part, a little) — or a customer plainly unhappy.
 */
export const CASE_CATEGORIES = [
  ...ISSUE_CATEGORIES,
  'order_cancelled',
  'cancellation_unverified',
  'refund_given',
  'partial_refund',
  'small_refund',
  'customer_cancelled',
  'dissatisfied',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

/** What the team can give. Every case starts with an apology: admit the mistake first. */
export const REMEDIES = ['apology', 'reship', 'refund', 'discount_code'] as const;
export type Remedy = (typeof REMEDIES)[number];

/**
 * What the team is advised to do: a remedy, or first a look — `check_order` (find out what happened:
 * who cancelled, whether a refund reached the customer) or `ask_why` (a customer who cancelled may
 * say what put them off).
 */
export const SUGGESTIONS = [...REMEDIES, 'check_order', 'ask_why'] as const;
export type Suggestion = (typeof SUGGESTIONS)[number];

/** The suggestion for each category, after the apology every case gets. */
export const REMEDY_OF: Readonly<Record<CaseCategory, Suggestion>> = {
  delivery_delay: 'discount_code',
  lost_or_not_received: 'reship',
  damaged: 'reship',
  wrong_or_missing_item: 'reship',
  product_defect: 'refund',
  quality_mismatch: 'refund',
  billing_refund: 'refund',
  service_staff: 'apology',
  safety: 'refund',
  legal_threat: 'apology',
  order_cancelled: 'discount_code',
  cancellation_unverified: 'check_order',
  refund_given: 'apology',
  partial_refund: 'apology',
  small_refund: 'apology',
  customer_cancelled: 'ask_why',
  dissatisfied: 'apology',
};

export interface SuggestedRemedy {
  readonly category: CaseCategory;
  readonly remedy: Suggestion;
}

/** The share of the order below which a partial refund counts as small (the tenant's setting). */
export interface RefundPolicy {
  readonly smallRefundShare: number;
}

/** A partial refund below the tenant's share of the order; unknown amounts are not small. */
export const isSmallRefund = (amounts: { orderTotal: string | null; refundedTotal: string | null } | null, policy: RefundPolicy): boolean => {
  const total = Number(amounts?.orderTotal ?? NaN);
  const refunded = Number(amounts?.refundedTotal ?? NaN);
  if (!(total > 0) || !(refunded >= 0)) return false;
  if (amounts?.orderTotal && amounts.refundedTotal && compareAmounts(amounts.refundedTotal, amounts.orderTotal) >= 0) return false;
  return refunded / total < policy.smallRefundShare;
};

/** What happened to the order, as the problem the customer sees. */
const categoryOfFailure = (origin: Extract<RecoverySignal['origin'], { kind: 'order' }>, policy: RefundPolicy): CaseCategory => {
  const byFailure: Readonly<Record<OrderFailureV2, CaseCategory>> = {
    cancelled_by_merchant: 'order_cancelled',
    cancelled_by_customer: 'customer_cancelled',
    cancelled_unknown: 'cancellation_unverified',
    refunded_full: 'refund_given',
    refunded_partial: isSmallRefund(origin.amounts, policy) ? 'small_refund' : 'partial_refund',
    delivery_failed: 'lost_or_not_received',
    delivery_late: 'delivery_delay',
    partially_fulfilled: 'wrong_or_missing_item',
  };
  return byFailure[origin.failure];
};

/** The signal's categories in a stable order: the issues it names, what happened to its order, else `dissatisfied`. */
export const categoriesOf = (signal: RecoverySignal, policy: RefundPolicy): CaseCategory[] => {
  const named = new Set<CaseCategory>(signal.issues as IssueCategory[]);
  if (signal.origin.kind === 'order') named.add(categoryOfFailure(signal.origin, policy));
  return normaliseCategories(named);
};

/**
 * Categories in a stable order, each once; `dissatisfied` only while no real problem is named
 * (a case that learns what went wrong drops it).
 */
export const normaliseCategories = (categories: Iterable<CaseCategory>): CaseCategory[] => {
  const unique = [...new Set(categories)].sort((a, b) => CASE_CATEGORIES.indexOf(a) - CASE_CATEGORIES.indexOf(b));
  const specific = unique.filter((category) => category !== 'dissatisfied');
  return specific.length > 0 ? specific : ['dissatisfied'];
};

/**
 * One suggestion per category. An order already refunded in full is never suggested a refund
 * again: a refund problem the customer names is checked first (did it reach them?), any other
 * problem is made good with a discount code.
 */
export const remediesFor = (categories: readonly CaseCategory[]): SuggestedRemedy[] => {
  const refunded = categories.includes('refund_given');
  return categories.map((category) => {
    const remedy = REMEDY_OF[category];
    if (!refunded || remedy !== 'refund') return { category, remedy };
    return { category, remedy: category === 'billing_refund' ? 'check_order' : 'discount_code' };
  });
};
