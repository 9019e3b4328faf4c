import type { ConsentSettings } from '../tenants/settings.ts';
import { isTransactional, type AskKind } from './ask-kinds.ts';

/**
 * Whether an ask may go now, re-checked at send time on objective facts only (pure): the order
 * was not cancelled or refunded, the customer can be reached on a channel they have not left,
 * and the consent this kind of ask needs on that channel is there. Sentiment never enters here.
 */
export type Channel = 'email' | 'sms';

export interface SendFacts {
  readonly kind: AskKind;
  readonly orderCancelledOrRefunded: boolean;
  readonly email: string | null;
  readonly phone: string | null;
  /** Email marketing consent as the platform reported it; null when it said nothing. */
  readonly acceptsMarketing: boolean | null;
  /** SMS consent as the platform reported it (Shopify's sms_marketing_consent); null when it said nothing. */
  readonly smsConsent?: boolean | null;
  readonly suppressed: ReadonlySet<Channel>;
  readonly consent: ConsentSettings;
}

/**
 * The objective kind of reason an ask was skipped, kept beside the reason (`outcome_cause`):
 * `consent`: for want of consent (it comes back when the consent settings change); `suppressed`:
 * the customer opted out of the channel; `unreachable`: no address, or no destination that could
 * carry it; `frequency`: already invited within `reviews.frequencyDays`; `merged`: one feedback
 * message for orders due together. The fairness audit counts such customers as not eligible.
 */
export type SkipCause = 'consent' | 'suppressed' | 'unreachable' | 'frequency' | 'merged' | 'postal_address';

/** The reason of an ask withdrawn because the customer's data was erased (customers/redact). */
export const ERASURE_WITHDRAWAL_REASON = "the customer's data was erased";

export type SendDecision =
  | { readonly action: 'send'; readonly channel: Channel; readonly address: string }
  | { readonly action: 'withdraw'; readonly reason: string }
  | { readonly action: 'skip'; readonly reason: string; readonly cause: SkipCause };

/**
 * A follow-up on a complaint answers the customer; it is not called off by the refund that settled
 * it. Nor is the confirmation of a testimonial permission: the customer's words remain theirs.
 */
const SURVIVES_REFUND: ReadonlySet<AskKind> = new Set(['recovery_follow_up', 'testimonial_confirmation']);

/** The consent class of a kind of ask, as the tenant's settings say. */
export const consentClassOf = (kind: AskKind, consent: ConsentSettings): 'service' | 'marketing' | 'transactional' => {
  if (isTransactional(kind)) return 'transactional';
  switch (kind) {
    case 'feedback_request':
      return consent.feedbackRequest;
    case 'review_invitation':
    case 'review_reminder':
      return consent.reviewInvitation;
    case 'recovery_follow_up':
      return 'service';
    default:
      return 'marketing';
  }
};

const SETTING_OF: Partial<Record<AskKind, string>> = {
  feedback_request: 'consent.feedbackRequest',
  review_invitation: 'consent.reviewInvitation',
  review_reminder: 'consent.reviewInvitation',
};

const consentProblem = (facts: SendFacts, channel: Channel): string | null => {
  const kindClass = consentClassOf(facts.kind, facts.consent);
  if (kindClass === 'transactional') return null;
  const reported = channel === 'email' ? facts.acceptsMarketing : (facts.smsConsent ?? null);
  // SMS needs the customer's SMS consent whatever the kind (carriers and the TCPA ask for it).
  if (channel === 'sms' && reported !== true) {
    return reported === false ? 'the customer has not consented to SMS' : 'the platform reports no SMS consent for this customer';
  }
  if (kindClass === 'service') return null;
  const setting = SETTING_OF[facts.kind] ? ` (${SETTING_OF[facts.kind]}=marketing)` : '';
  if (reported === false) return `a marketing message${setting}, and the platform reports the customer has not accepted ${channel} marketing`;
  if (reported === null && facts.consent.unreportedMarketing === 'skip') {
    return `a marketing message${setting}, and the platform reports no marketing consent (consent.unreportedMarketing=skip)`;
  }
  return null;
};

export const decideSend = (facts: SendFacts): SendDecision => {
  if (facts.orderCancelledOrRefunded && !SURVIVES_REFUND.has(facts.kind)) {
    return { action: 'withdraw', reason: 'the order was cancelled or refunded' };
  }
  // Email when there is an address; SMS only for customers without one. A channel the customer
  // left is never swapped for another: that would be a surprise, not a courtesy.
  const channel: Channel | null = facts.email ? 'email' : facts.phone ? 'sms' : null;
  if (!channel) return { action: 'skip', reason: 'no email address or phone number', cause: 'unreachable' };
  if (facts.suppressed.has(channel)) {
    return { action: 'skip', reason: channel === 'email' ? 'the customer unsubscribed from email' : 'the customer opted out of SMS (STOP)', cause: 'suppressed' };
  }
  const problem = consentProblem(facts, channel);
  if (problem) return { action: 'skip', reason: problem, cause: 'consent' };
  return { action: 'send', channel, address: channel === 'email' ? (facts.email as string) : (facts.phone as string) };
};
