/**
 * Every kind of ask afterglow makes of a customer. They share one contact budget per person;
 * public review invitations (and their one reminder) are the exception in one way only: they keep
 * their journey point for every customer, so the budget moves the other asks around them.
 */
export const ASK_KINDS = [
  'feedback_request',
  'review_invitation',
  'review_reminder',
  'referral_invitation',
  'testimonial_request',
  'testimonial_confirmation',
  'recovery_follow_up',
] as const;
export type AskKind = (typeof ASK_KINDS)[number];

/** Asks no sentiment-driven ask may displace or delay (no review gating). */
export const FIXED_TIME_KINDS: ReadonlySet<AskKind> = new Set(['review_invitation', 'review_reminder']);

export const isFixedTime = (kind: AskKind): boolean => FIXED_TIME_KINDS.has(kind);

/**
 * Messages that answer the customer's own action a moment ago (the confirmation of a testimonial
 * permission, with its revoke link): they go at once, outside the contact budget and quiet hours
 * (the customer is there and expects them; counting them would push back the asks the budget
 * exists to space out), whatever the tenant's marketing consent mode, and never count against
 * the budget themselves. A customer's unsubscribe still holds.
 */
export const TRANSACTIONAL_KINDS: ReadonlySet<AskKind> = new Set(['testimonial_confirmation']);

export const isTransactional = (kind: AskKind): boolean => TRANSACTIONAL_KINDS.has(kind);
