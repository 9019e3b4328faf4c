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
  'recovery_follow_up',
] as const;
export type AskKind = (typeof ASK_KINDS)[number];

/** Asks no sentiment-driven ask may displace or delay (no review gating). */
export const FIXED_TIME_KINDS: ReadonlySet<AskKind> = new Set(['review_invitation', 'review_reminder']);

export const isFixedTime = (kind: AskKind): boolean => FIXED_TIME_KINDS.has(kind);
