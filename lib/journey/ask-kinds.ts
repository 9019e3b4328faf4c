/**
 * Every kind of ask afterglow makes of a customer. They share one contact budget per person and
 * one minimum gap between any two messages; when they compete, the rank below decides who waits.
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

/**
 * Who goes first when asks compete for one customer's budget (lower goes first): the private
 * feedback request, then the public review invitation, then its reminder; the sentiment-driven
 * asks (recovery follow-up, referral, testimonial) always yield to those three, never the reverse,
 * so the invitation's timing can never depend on what a customer answered. A pending ask holds
 * its place against every ask of a lower rank (they plan around it); it never holds a place
 * against its own rank or a higher one.
 */
export const ASK_RANK: Readonly<Record<AskKind, number>> = {
  feedback_request: 0,
  review_invitation: 1,
  review_reminder: 2,
  recovery_follow_up: 3,
  referral_invitation: 3,
  testimonial_request: 3,
  // Transactional: outside the budget altogether (see below); the rank is never compared.
  testimonial_confirmation: 0,
};

/** The sentiment-driven asks: they go only inside what the journey's own asks leave free. */
export const isSentimentDriven = (kind: AskKind): boolean => ASK_RANK[kind] >= 3;

/**
 * Asks planned at the same journey point for every customer (no review gating). Only objective
 * causes (quiet hours, the minimum gap, the caps) may move their send; nothing a customer answered.
 */
export const FIXED_TIME_KINDS: ReadonlySet<AskKind> = new Set(['review_invitation', 'review_reminder']);

export const isFixedTime = (kind: AskKind): boolean => FIXED_TIME_KINDS.has(kind);

/**
 * Messages that answer the customer's own action a moment ago (the confirmation of a testimonial
 * permission, with its revoke link): they go at once, outside the contact budget, the minimum gap
 * and quiet hours (the customer is there and expects them; counting them would push back the asks
 * the budget exists to space out), whatever the tenant's consent settings, and never count
 * against the budget themselves. A customer's unsubscribe still holds.
 */
export const TRANSACTIONAL_KINDS: ReadonlySet<AskKind> = new Set(['testimonial_confirmation']);

export const isTransactional = (kind: AskKind): boolean => TRANSACTIONAL_KINDS.has(kind);
