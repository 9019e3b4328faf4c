import type { Outreach } from '../store/outreach-repository.ts';
import type { TenantSettings } from '../tenants/settings.ts';
import { ASK_RANK, isSentimentDriven, isTransactional } from './ask-kinds.ts';
import type { Contact } from './contact-budget.ts';
import { afterQuietHours } from './quiet-hours.ts';

/**
 * Which of a customer's other asks count against one ask's budget, and what must go before it
 * (pure). Sent and approved messages always count. A pending ask holds its place only against
 * asks of a lower rank: the feedback request never waits for a planned invitation, and a
 * referral plans around the invitation (and the reminder that will follow it), never the reverse.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const isApproved = (other: Outreach): boolean => other.state === 'sending' && other.channel !== null;
const label = (other: Outreach): string => `${other.kind} ${other.id}${other.orderId ? ` (order ${other.orderId})` : ''}`;

/** The earliest a pending ask can go: its due time (now when overdue), out of quiet hours. */
const whenPendingCanGo = (pending: Outreach, settings: TenantSettings, now: Date): Date =>
  afterQuietHours(pending.dueAt > now ? pending.dueAt : now, settings.contact.quietHours, settings.contact.timeZone);

/** Days from an order's journey trigger to each journey ask planned from it. */
const daysAfterTrigger = (kind: Outreach['kind'], settings: TenantSettings): number | null =>
  kind === 'feedback_request' ? settings.journey.feedbackDelayDays : kind === 'review_invitation' ? settings.reviews.delayDays : null;

/**
 * Where a pending journey ask holds its place against a sentiment-driven ask. One planned from
 * fulfilment while its trigger (the delivery) has not come may move much earlier any moment: the
 * order could be delivered now and its ask fall due its delay from now. A sentiment-driven ask
 * that took the budget meanwhile would then push the journey's ask back — the invitation's timing
 * would depend on what the customer answered — so it plans around the earliest such moment.
 */
const whereItMayCome = (pending: Outreach, settings: TenantSettings, now: Date): Date => {
  const days = pending.basis === 'fallback' ? daysAfterTrigger(pending.kind, settings) : null;
  const earliest = days === null ? null : new Date(now.getTime() + days * DAY_MS);
  // Never later than where it is planned (its fallback); an overdue one goes from now.
  return earliest && earliest < pending.dueAt ? afterQuietHours(earliest, settings.contact.quietHours, settings.contact.timeZone) : whenPendingCanGo(pending, settings, now);
};

export const contactsThatCount = (ask: Outreach, others: readonly Outreach[], settings: TenantSettings, now: Date): Contact[] => {
  const rank = ASK_RANK[ask.kind];
  const contacts: Contact[] = [];
  for (const other of others) {
    if (other.id === ask.id || isTransactional(other.kind)) continue;
    if (other.state === 'sent' && other.sentAt) contacts.push({ at: other.sentAt, id: other.id, kind: other.kind });
    else if (isApproved(other)) contacts.push({ at: now, id: other.id, kind: other.kind });
    else if ((other.state === 'scheduled' || other.state === 'sending') && ASK_RANK[other.kind] < rank) {
      // An overdue ask goes in this run or the next: it holds its place from now. It holds the
      // place where it can go, after quiet hours: one due at night goes in the morning, and a
      // place held at night kept a lower-ranked ask away from a morning the gap allowed.
      const at = isSentimentDriven(ask.kind) ? whereItMayCome(other, settings, now) : whenPendingCanGo(other, settings, now);
      contacts.push({ at, id: other.id, kind: other.kind });
    }
  }
  // The reminder of an invitation is planned only once the invitation goes; a sentiment-driven ask
  // keeps its place free already.
  const reminderDays = settings.reviews.reminderAfterDays;
  if (isSentimentDriven(ask.kind) && reminderDays !== null) {
    for (const invitation of others.filter((other) => other.kind === 'review_invitation' && other.id !== ask.id)) {
      const hasReminder = others.some((other) => other.kind === 'review_reminder' && other.orderId === invitation.orderId);
      if (hasReminder) continue;
      const from = invitation.sentAt ?? (invitation.state === 'scheduled' || invitation.state === 'sending' ? invitation.dueAt : null);
      if (from) contacts.push({ at: new Date(from.getTime() + reminderDays * DAY_MS), id: invitation.id, kind: 'review_reminder (planned)' });
    }
  }
  return contacts;
};

const localDate = (at: Date, timeZone: string): string => at.toLocaleDateString('en-CA', { timeZone });

/** The first moment after `at` that falls on another local day. */
const nextLocalDay = (at: Date, timeZone: string): Date => {
  const day = localDate(at, timeZone);
  let probe = at.getTime();
  while (localDate(new Date(probe), timeZone) === day) probe += HOUR_MS;
  // Back to the exact local midnight (a minute at a time, at most an hour of steps).
  while (localDate(new Date(probe - 60_000), timeZone) !== day) probe -= 60_000;
  return new Date(probe);
};

/**
 * The feedback request goes first: no other ask about an order goes while the order's feedback
 * request is pending, nor on the day it went (in the tenant's time zone). Returns the earliest
 * moment this ask may go by that rule, with why, or null when the rule does not hold it back.
 */
export const feedbackFirst = (
  ask: Outreach,
  others: readonly Outreach[],
  settings: TenantSettings,
  at: Date,
  now: Date,
): { at: Date; reason: string; blockedBy: string } | null => {
  if (ask.kind === 'feedback_request' || isTransactional(ask.kind) || !ask.orderId) return null;
  const feedback = others.find((other) => other.kind === 'feedback_request' && other.orderId === ask.orderId && other.id !== ask.id);
  if (!feedback) return null;
  const gap = settings.contact.minGapHours * HOUR_MS;
  if (feedback.state === 'scheduled' || feedback.state === 'sending') {
    // It goes now (approved), or when it can (due or overdue, out of quiet hours); this ask comes at least the gap after.
    const from = isApproved(feedback) ? now : whenPendingCanGo(feedback, settings, now);
    const floor = new Date(from.getTime() + Math.max(gap, HOUR_MS));
    if (floor <= at) return null;
    return { at: floor, reason: `waits for the feedback request about this order (${label(feedback)})`, blockedBy: feedback.id };
  }
  if (feedback.state === 'sent' && feedback.sentAt) {
    const zone = settings.contact.timeZone;
    if (localDate(feedback.sentAt, zone) === localDate(at, zone) || at < feedback.sentAt) {
      return { at: nextLocalDay(feedback.sentAt > at ? feedback.sentAt : at, zone), reason: `never on the day of the feedback request (${label(feedback)})`, blockedBy: feedback.id };
    }
  }
  return null;
};

/**
 * One feedback message for orders due together: a feedback request is merged into (skipped in
 * favour of) another feedback request to the same customer that is going now or has gone, when the
 * two were planned less than the minimum gap (at least a day) apart. Planned, not sent: measured
 * from the other's send, a request planned two days after one that quiet hours had held back was
 * merged away, and its order never got a feedback message; such a request is another order's
 * journey, which waits for the gap and goes. Returns the reason, or null.
 */
export const mergedFeedback = (ask: Outreach, others: readonly Outreach[], settings: TenantSettings): { reason: string; blockedBy: string; cause: 'merged' } | null => {
  if (ask.kind !== 'feedback_request') return null;
  const window = Math.max(settings.contact.minGapHours * HOUR_MS, DAY_MS);
  const other = others.find(
    (candidate) =>
      candidate.kind === 'feedback_request' &&
      candidate.id !== ask.id &&
      Math.abs(candidate.journeyAt.getTime() - ask.journeyAt.getTime()) < window &&
      (isApproved(candidate) || (candidate.state === 'sent' && candidate.sentAt !== null)),
  );
  if (!other) return null;
  return {
    reason: `merged: one feedback message for orders due together, and this customer was asked about order ${other.orderId ?? '(none)'} ${other.sentAt ? `on ${other.sentAt.toISOString()}` : 'in this run'} (${other.id})`,
    blockedBy: other.id,
    cause: 'merged',
  };
};
