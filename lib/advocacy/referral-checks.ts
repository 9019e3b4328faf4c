import { compareAmounts } from '../platforms/normalise-helpers.ts';

/**
 * The fraud checks on a referred order (pure). A reward is earned only by bringing someone new:
 * not the advocate under another name, email or address, not an existing customer, and not for a
 * token order below the tenant's minimum.
 */
export interface ReferralParty {
  readonly customerKey: string;
  readonly email: string | null;
  readonly fullName: string | null;
  readonly addressKey: string | null;
}

export interface ReferredOrder {
  readonly friend: ReferralParty;
  readonly total: string | null;
  /** Orders of the friend (by customer or email) other than this one, placed before it. */
  readonly earlierOrders: number;
}

const squashName = (name: string | null) => (name ?? '').normalize('NFKD').toLowerCase().replace(/[^a-z]/g, '');

/** The reason the referral is refused, or null when it may be rewarded. */
export const referralRefusal = (advocate: ReferralParty, order: ReferredOrder, minimumOrderValue: string): string | null => {
  const { friend } = order;
  if (friend.customerKey === advocate.customerKey) return 'self-referral: the advocate ordered with their own code';
  if (friend.email && advocate.email && friend.email.toLowerCase() === advocate.email.toLowerCase()) return 'self-referral: same email as the advocate';
  if (squashName(friend.fullName) && squashName(friend.fullName) === squashName(advocate.fullName)) return 'self-referral: same name as the advocate';
  if (friend.addressKey && friend.addressKey === advocate.addressKey) return 'self-referral: same address as the advocate';
  if (order.earlierOrders > 0) return 'the referred customer is not new: they ordered before';
  if (compareAmounts(order.total ?? '0', minimumOrderValue) < 0) {
    return `the order total ${order.total ?? '0'} is below the minimum of ${minimumOrderValue}`;
  }
  return null;
};
