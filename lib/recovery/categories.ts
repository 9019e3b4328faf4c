import { ISSUE_CATEGORIES, type IssueCategory } from '../../events/feedback-scale.ts';
import type { OrderFailure, RecoverySignal } from '../../events/recovery-signal.ts';

/**
 * What a case is about: the classifier's issue categories, plus the two a signal can carry
 * without naming an issue — the merchant cancelled the order, or the customer is plainly unhappy.
 */
export const CASE_CATEGORIES = [...ISSUE_CATEGORIES, 'order_cancelled', 'dissatisfied'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

/** What the team can offer. Every case starts with an apology: admit the mistake first. */
export const REMEDIES = ['apology', 'reship', 'refund', 'discount_code'] as const;
export type Remedy = (typeof REMEDIES)[number];

/** The remedy suggested for each category, after the apology every case gets. */
export const REMEDY_OF: Readonly<Record<CaseCategory, Remedy>> = {
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
  dissatisfied: 'apology',
};

export interface SuggestedRemedy {
  readonly category: CaseCategory;
  readonly remedy: Remedy;
}

/** An operational failure on the order stream, as the problem the customer will see. */
const CATEGORY_OF_FAILURE: Readonly<Record<OrderFailure, CaseCategory>> = {
  cancelled_by_merchant: 'order_cancelled',
  refunded: 'billing_refund',
  delivery_failed: 'lost_or_not_received',
  delivery_late: 'delivery_delay',
  partially_fulfilled: 'wrong_or_missing_item',
};

/** The signal's categories in a stable order: the issues it names, its order failure, else `dissatisfied`. */
export const categoriesOf = (signal: RecoverySignal): CaseCategory[] => {
  const named = new Set<CaseCategory>(signal.issues as IssueCategory[]);
  if (signal.origin.kind === 'order') named.add(CATEGORY_OF_FAILURE[signal.origin.failure]);
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

/** One suggestion per category. */
export const remediesFor = (categories: readonly CaseCategory[]): SuggestedRemedy[] =>
  categories.map((category) => ({ category, remedy: REMEDY_OF[category] }));
