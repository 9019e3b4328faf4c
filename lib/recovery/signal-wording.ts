import type { RecoverySignal } from '../../events/recovery-signal.ts';
import type { CaseCategory } from './categories.ts';

/**
 * How recovery names things to a person: problems in plain words, and orders the way the shop
 * names them to its customers (`#1042`), never by the platform's internal id when a number is known.
 */

export const CATEGORY_WORDS: Readonly<Record<CaseCategory, string>> = {
  delivery_delay: 'Late delivery',
  lost_or_not_received: 'Not received',
  damaged: 'Damaged on arrival',
  wrong_or_missing_item: 'Wrong or missing item',
  product_defect: 'Faulty product',
  quality_mismatch: 'Not as described',
  billing_refund: 'Billing or refund problem',
  service_staff: 'Service complaint',
  safety: 'Safety concern',
  legal_threat: 'Legal or chargeback threat',
  order_cancelled: 'Cancelled by the shop',
  customer_cancelled: 'Cancelled by the customer',
  cancellation_unverified: 'Cancelled, by whom unknown',
  refund_given: 'Refunded in full',
  partial_refund: 'Partly refunded',
  small_refund: 'Small partial refund',
  dissatisfied: 'Unhappy customer',
};

/** Categories as one line: "Damaged on arrival, Service complaint". */
export const categoriesInWords = (categories: readonly CaseCategory[]): string =>
  categories.map((category) => CATEGORY_WORDS[category]).join(', ');

/**
 * The order as the shop names it: Shopify's `name` (`#1042`) as it is, a bare number
 * (WooCommerce, BigCommerce) with the `#` shops print; without a number, the platform's id.
 */
export const orderLabel = (orderNumber: string | null | undefined, orderId: string | null): string | null => {
  const number = orderNumber?.trim();
  if (number) return /^\d+$/.test(number) ? `#${number}` : number;
  return orderId === null ? null : `order ${orderId}`;
};

/** "order #1042", or null: for phrases like "Damaged on arrival — order #1042". */
export const orderPhrase = (orderNumber: string | null | undefined, orderId: string | null): string | null => {
  const label = orderLabel(orderNumber, orderId);
  if (label === null) return null;
  return label.startsWith('order ') ? label : `order ${label}`;
};

/** A score as people say it: "NPS 3", "CSAT 2", "1 star", "4.5 stars". */
export const scoreInWords = (score: { readonly value: number; readonly scale: 'nps' | 'csat' | 'stars' }): string =>
  score.scale === 'stars' ? `${score.value} star${score.value === 1 ? '' : 's'}` : `${score.scale.toUpperCase()} ${score.value}`;

/** What the customer wrote, as they wrote it: a feedback comment, or a review's title and text. */
export const customerWordsOf = (signal: Pick<RecoverySignal, 'origin'>): string | null => {
  const { origin } = signal;
  if (origin.kind === 'feedback') return origin.comment?.trim() || null;
  if (origin.kind === 'review') return [origin.title, origin.text].map((part) => part?.trim()).filter(Boolean).join(' — ') || null;
  return null;
};

const REVIEW_PLATFORM_WORDS: Readonly<Record<string, string>> = { trustpilot: 'Trustpilot', google: 'Google', first_party: 'first-party' };

/** "Trustpilot", "first-party": a review platform as people write it. */
export const reviewPlatformInWords = (platform: string): string => REVIEW_PLATFORM_WORDS[platform] ?? platform.replaceAll('_', '-');
