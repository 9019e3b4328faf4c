import type { OrderEvent } from '../../events/order-event.ts';
import { normaliseReferralCode } from './referral-code.ts';

/**
 * The referral codes an order may carry (pure): its discount codes, and a `ref` parameter of the
 * page the customer landed on (Shopify's `landing_site`). The store decides which is a real code.
 */
export const referralCodeCandidates = (event: OrderEvent): { code: string; via: 'discount_code' | 'landing' }[] => {
  const candidates: { code: string; via: 'discount_code' | 'landing' }[] = event.order.discountCodes.map((code) => ({
    code: normaliseReferralCode(code),
    via: 'discount_code',
  }));
  const landing = event.order.landingSite;
  if (landing) {
    try {
      const ref = new URL(landing, 'https://shop.invalid').searchParams.get('ref');
      if (ref) candidates.push({ code: normaliseReferralCode(ref), via: 'landing' });
    } catch {
      // A landing site that is not a URL carries no code.
    }
  }
  return candidates.filter((candidate) => candidate.code.length > 0);
};
