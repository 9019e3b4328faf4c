import { describe, expect, it } from 'vitest';
import { contactsThatCount, mergedFeedback } from '../../lib/journey/competing-asks.ts';
import { earliestSlot } from '../../lib/journey/contact-budget.ts';
import type { Outreach } from '../../lib/store/outreach-repository.ts';
import { TenantSettingsSchema } from '../../lib/tenants/settings.ts';

const HOUR_MS = 3_600_000;
const settings = TenantSettingsSchema.parse({});

const pendingAsk = (kind: Outreach['kind'], id: string, orderId: string, journeyAt: string, changes: Partial<Outreach> = {}): Outreach => ({
  id,
  tenantId: 't',
  orderId,
  customerKey: 'c:1',
  kind,
  dedupeKey: `${orderId}:${kind}`,
  state: 'scheduled',
  journeyAt: new Date(journeyAt),
  dueAt: new Date(journeyAt),
  fixedTime: false,
  basis: 'trigger',
  payload: {},
  postponements: 0,
  lastPostponedReason: null,
  sendAttempts: 0,
  leaseToken: null,
  channel: null,
  recipient: null,
  provider: null,
  providerMessageId: null,
  outcomeReason: null,
  outcomeCause: null,
  sentAt: null,
  ...changes,
});
const feedbackRequest = (id: string, orderId: string, journeyAt: string, changes: Partial<Outreach> = {}): Outreach =>
  pendingAsk('feedback_request', id, orderId, journeyAt, changes);

describe('one feedback message for orders due together (mergedFeedback)', () => {
  it('merges a request planned less than the minimum gap after one that went', () => {
    // Prepare: order A's request went on its planned morning; order B's is planned that evening
    const sent = feedbackRequest('out_a', 'A', '2026-02-13T08:00:00Z', { state: 'sent', sentAt: new Date('2026-02-13T08:00:00Z') });
    const due = feedbackRequest('out_b', 'B', '2026-02-13T20:00:00Z');
    // Act
    const merged = mergedFeedback(due, [sent], settings);
    // Assess
    expect(merged).toMatchObject({ blockedBy: 'out_a', cause: 'merged' });
  });

  it('does not merge a request planned days after one that quiet hours held back: its order gets its own message (seed 1)', () => {
    // Prepare: A was planned 02-12 23:37, held by quiet hours to 02-13 08:00; B is planned 02-15 05:03,
    // 53 hours after A was planned but only 45 hours after A went
    const heldBack = feedbackRequest('out_a', 'A', '2026-02-12T23:37:00Z', { state: 'sent', sentAt: new Date('2026-02-13T08:00:00Z') });
    const later = feedbackRequest('out_b', 'B', '2026-02-15T05:03:00Z');
    expect(later.journeyAt.getTime() - (heldBack.sentAt as Date).getTime()).toBeLessThan(settings.contact.minGapHours * HOUR_MS);
    // Act
    const merged = mergedFeedback(later, [heldBack], settings);
    // Assess: not merged; the gap postpones it instead
    expect(merged).toBeNull();
  });

  it('merges a request due together with one approved in the same run, even when both were held back past the window', () => {
    // Prepare: both planned on one night, both held by the gap until two days later
    const approved = feedbackRequest('out_a', 'A', '2026-02-10T22:00:00Z', { state: 'sending', channel: 'email', dueAt: new Date('2026-02-13T08:00:00Z') });
    const due = feedbackRequest('out_b', 'B', '2026-02-11T02:00:00Z', { dueAt: new Date('2026-02-13T08:00:00Z') });
    // Act
    const merged = mergedFeedback(due, [approved], settings);
    // Assess
    expect(merged).toMatchObject({ blockedBy: 'out_a', cause: 'merged' });
  });
});

describe('a pending ask of a higher rank holds its place where it can go (contactsThatCount)', () => {
  it('a feedback request due in quiet hours holds the morning, so an invitation the gap allows that far before it goes (seed 42)', () => {
    // Prepare: order 1's invitation is due 02-19 02:47 (quiet hours until 08:00, UTC); order 2's
    // feedback request is due 02-20 22:49, in quiet hours, so it can go only on 02-21 at 08:00
    const now = new Date('2026-02-19T02:47:00Z');
    const invitation = pendingAsk('review_invitation', 'out_invite', '1', '2026-02-19T02:47:00Z', { state: 'sending', leaseToken: 'lease' });
    const laterFeedback = feedbackRequest('out_feedback', '2', '2026-02-20T22:49:00Z');
    const morning = new Date('2026-02-19T08:00:00Z');
    // Act
    const contacts = contactsThatCount(invitation, [laterFeedback], settings, now);
    const slot = earliestSlot(morning, contacts, settings.contact);
    // Assess: the feedback request holds 02-21 08:00, exactly the gap after the invitation's morning
    expect(contacts).toEqual([{ at: new Date('2026-02-21T08:00:00Z'), id: 'out_feedback', kind: 'feedback_request' }]);
    expect(settings.contact.minGapHours).toBe(48);
    expect(slot).toEqual({ at: morning, blockedBy: null });
  });

  it('an overdue ask holds its place from now, out of quiet hours', () => {
    // Prepare: a feedback request overdue since the evening; the run is at night
    const now = new Date('2026-02-19T23:30:00Z');
    const invitation = pendingAsk('review_invitation', 'out_invite', '1', '2026-02-19T23:30:00Z', { state: 'sending', leaseToken: 'lease' });
    const overdue = feedbackRequest('out_feedback', '2', '2026-02-19T20:00:00Z', { dueAt: new Date('2026-02-19T22:00:00Z') });
    // Act
    const contacts = contactsThatCount(invitation, [overdue], settings, now);
    // Assess
    expect(contacts.map((contact) => contact.at)).toEqual([new Date('2026-02-20T08:00:00Z')]);
  });

  it('a sentiment-driven ask plans around an order still on its way as if it were delivered now (seed 1, 5 000 customers)', () => {
    // Prepare (customer 4736): order 1's feedback request went 02-01 08:00 and its invitation is due
    // 02-05 08:00; order 2 was fulfilled, its feedback request planned from fulfilment for 02-16
    // (the delivery has not come). A recovery follow-up is due 02-03 08:00.
    const now = new Date('2026-02-03T08:00:00Z');
    const followUp = pendingAsk('recovery_follow_up', 'out_follow', '1', '2026-02-02T09:14:00Z', { state: 'sending', leaseToken: 'lease', dueAt: now });
    const sent = feedbackRequest('out_fb1', '1', '2026-02-01T08:00:00Z', { state: 'sent', sentAt: new Date('2026-02-01T08:00:00Z') });
    const invitation = pendingAsk('review_invitation', 'out_inv1', '1', '2026-02-05T08:00:00Z');
    const onItsWay = feedbackRequest('out_fb2', '2', '2026-02-16T23:30:00Z', { basis: 'fallback' });
    // Act
    const contacts = contactsThatCount(followUp, [sent, invitation, onItsWay], settings, now);
    const slot = earliestSlot(now, contacts, settings.contact);
    // Assess: order 2's request holds 02-06 08:00 (delivered now, due in journey.feedbackDelayDays):
    // with it, the follow-up on 02-03 would fill the 7-day cap the invitation needs, so it waits
    expect(contacts.find((contact) => contact.id === 'out_fb2')?.at).toEqual(new Date('2026-02-06T08:00:00Z'));
    expect(settings.contact.maxPer7Days).toBe(3);
    expect(slot.at > new Date('2026-02-05T08:00:00Z')).toBe(true);
    expect(slot.blockedBy?.rule).toBe('7-day cap');
  });

  it('the journey\'s own asks keep planning around such an order at its planned moment: only sentiment-driven asks plan for the earliest', () => {
    // Prepare: the same order on its way; order 1's invitation decides
    const now = new Date('2026-02-05T08:00:00Z');
    const invitation = pendingAsk('review_invitation', 'out_inv1', '1', '2026-02-05T08:00:00Z', { state: 'sending', leaseToken: 'lease' });
    const onItsWay = feedbackRequest('out_fb2', '2', '2026-02-16T23:30:00Z', { basis: 'fallback' });
    // Act
    const contacts = contactsThatCount(invitation, [onItsWay], settings, now);
    // Assess: held at its planned moment (next morning), not at now + 3 days
    expect(contacts.map((contact) => contact.at)).toEqual([new Date('2026-02-17T08:00:00Z')]);
  });
});
