import type { ConsentMode } from '../tenants/settings.ts';
import { isTransactional, type AskKind } from './ask-kinds.ts';

/**
 * Whether an ask may go now, re-checked at send time on objective facts only (pure): the order
 * was not cancelled or refunded, the customer can be reached on a channel they have not left,
 * and the tenant's consent mode allows it. Sentiment never enters here.
 */
export type Channel = 'email' | 'sms';

export interface SendFacts {
  readonly kind: AskKind;
  readonly orderCancelledOrRefunded: boolean;
  readonly email: string | null;
  readonly phone: string | null;
  /** As the platform reported it; null when it said nothing. */
  readonly acceptsMarketing: boolean | null;
  readonly suppressed: ReadonlySet<Channel>;
  readonly consentMode: ConsentMode;
}

export type SendDecision =
  | { readonly action: 'send'; readonly channel: Channel; readonly address: string }
  | { readonly action: 'withdraw'; readonly reason: string }
  | { readonly action: 'skip'; readonly reason: string };

/**
 * A follow-up on a complaint answers the customer; it is not called off by the refund that settled
 * it. Nor is the confirmation of a testimonial permission: the customer's words remain theirs.
 */
const SURVIVES_REFUND: ReadonlySet<AskKind> = new Set(['recovery_follow_up', 'testimonial_confirmation']);

export const decideSend = (facts: SendFacts): SendDecision => {
  if (facts.orderCancelledOrRefunded && !SURVIVES_REFUND.has(facts.kind)) {
    return { action: 'withdraw', reason: 'the order was cancelled or refunded' };
  }
  if (facts.consentMode === 'accepted_marketing' && facts.acceptsMarketing !== true && !isTransactional(facts.kind)) {
    return { action: 'skip', reason: 'the customer has not accepted marketing (tenant consent mode: accepted_marketing)' };
  }
  // Email when there is an address; SMS only for customers without one. A channel the customer
  // left is never swapped for another: that would be a surprise, not a courtesy.
  if (facts.email) {
    return facts.suppressed.has('email')
      ? { action: 'skip', reason: 'the customer unsubscribed from email' }
      : { action: 'send', channel: 'email', address: facts.email };
  }
  if (facts.phone) {
    return facts.suppressed.has('sms')
      ? { action: 'skip', reason: 'the customer opted out of SMS (STOP)' }
      : { action: 'send', channel: 'sms', address: facts.phone };
  }
  return { action: 'skip', reason: 'no email address or phone number' };
};
