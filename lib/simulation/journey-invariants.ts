import { afterQuietHours, type QuietHours } from '../journey/quiet-hours.ts';
import { TRANSACTIONAL_KINDS, type AskKind } from '../journey/ask-kinds.ts';

/**
 * The journey's invariants on default settings (issue 11, item 2), checked over what a simulated
 * run left in the store and what its customers did (pure). Each reports how many cases it
 * checked and every case that broke it, with a line saying how.
 */
export interface AskRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly customerKey: string;
  readonly orderId: string | null;
  readonly kind: AskKind | string;
  readonly state: string;
  readonly journeyAt: Date;
  readonly dueAt: Date;
  readonly sentAt: Date | null;
  readonly outcomeReason: string | null;
  /** When it ended skipped, withdrawn or failed, by the clock that ended it (from its history). */
  readonly endedAt?: Date | null;
}

export interface CaseRecord {
  readonly tenantId: string;
  readonly customerKey: string;
  readonly orderId: string | null;
  readonly openedAt: Date;
  /**
   * When each signal was filed on the case (its opening one among them). An answer that comes
   * while a case about its order is open (a partial refund opened it) joins that case, not a new
   * one: the case the answer opened is then the one holding its signal.
   */
  readonly signalsReceivedAt?: readonly Date[];
  /**
   * Each signal filed on the case: when, what raised it (`feedback`, `order`, `review`: the
   * signal id's prefix) and the order it is about. An answer's own signal is a feedback signal
   * about the answer's order; where known, only such a signal counts as the answer's.
   */
  readonly signals?: readonly { readonly receivedAt: Date; readonly source: string; readonly orderId: string | null }[];
}

export interface OrderFacts {
  readonly orderId: string;
  readonly number: number;
  /** The journey point: the trigger, or for an order whose trigger never came in time, the fallback point less the feedback delay. Null: the order never reached it. */
  readonly journeyPoint: Date | null;
  readonly basis: 'trigger' | 'fallback' | null;
  /** When the order was cancelled or fully refunded (null: never). */
  readonly calledOffAt: Date | null;
}

export interface AnswerFacts {
  readonly orderId: string;
  readonly at: Date;
  /** Unhappy, or a problem named under a high score: the feedback function must open a case. */
  readonly opensCase: boolean;
}

export interface CustomerFacts {
  readonly label: string;
  readonly tenantId: string;
  readonly customerKey: string;
  readonly unsubscribedAt: Date | null;
  readonly orders: readonly OrderFacts[];
  readonly answers: readonly AnswerFacts[];
}

export interface JourneySettings {
  readonly feedbackDelayDays: number;
  readonly reviewDelayDays: number;
  readonly frequencyDays: number;
  readonly reminderAfterDays: number | null;
  readonly minGapHours: number;
  readonly maxPer7Days: number;
  readonly maxPer30Days: number;
  readonly quietHours: QuietHours | null;
  readonly timeZone: string;
  readonly hasReviewDestinations: boolean;
}

export interface FairnessFigures {
  readonly tenantId: string;
  /** The audit's largest difference in invitation rate between sentiments (0–1). */
  readonly rateSpread: number;
  readonly bySentiment: Readonly<Record<string, { readonly eligible: number; readonly invited: number; readonly rate: number | null }>>;
}

export interface PipelineLosses {
  /** Webhook, page or API calls the simulator made that were not accepted (each described). */
  readonly rejectedCalls: readonly string[];
  /** Consumer batches that kept failing, records left on the dead-letter topic, signals the recovery queue gave up on. */
  readonly failures: readonly string[];
}

export interface InvariantResult {
  readonly id: string;
  readonly title: string;
  readonly checked: number;
  readonly violations: number;
  readonly examples: readonly string[];
}

export interface JourneyObservations {
  readonly customers: readonly CustomerFacts[];
  readonly asks: readonly AskRecord[];
  readonly cases: readonly CaseRecord[];
  readonly settings: ReadonlyMap<string, JourneySettings>;
  readonly fairness: readonly FairnessFigures[];
  readonly losses: PipelineLosses;
  /** How late a send may be after its allowed moment because dispatch runs only so often (0: at each due time). */
  readonly lateToleranceMs?: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Quiet hours end on a whole minute; a send that close to its allowed moment is on time. */
const TOLERANCE_MS = 60_000;
const EXAMPLES = 8;
/** The issue's fairness bound: invitation rates within 2 points whatever the sentiment. */
export const FAIRNESS_POINTS = 0.02;

/**
 * Who goes first when asks compete (issue 11): the feedback request, the review invitation, its
 * reminder; every sentiment-driven ask after them.
 */
export const RANK: Readonly<Record<string, number>> = { feedback_request: 0, review_invitation: 1, review_reminder: 2 };
const rankOf = (kind: string): number => RANK[kind] ?? 3;
const isMessage = (ask: AskRecord): ask is AskRecord & { sentAt: Date } =>
  ask.state === 'sent' && ask.sentAt !== null && !TRANSACTIONAL_KINDS.has(ask.kind as AskKind);
const iso = (at: Date | null) => (at ? at.toISOString().replace(':00.000Z', 'Z') : '—');
export const localDay = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

class Tally {
  checked = 0;
  violations = 0;
  readonly examples: string[] = [];
  constructor(readonly id: string, readonly title: string) {}
  check(ok: boolean, describe: () => string) {
    this.checked += 1;
    if (ok) return;
    this.violations += 1;
    if (this.examples.length < EXAMPLES) this.examples.push(describe());
  }
  result(): InvariantResult {
    return { id: this.id, title: this.title, checked: this.checked, violations: this.violations, examples: this.examples };
  }
}

/** A higher-ranked ask that held its place while pending and ended without being sent. */
export interface HeldPlace {
  /** Where it held its place: its due moment, out of quiet hours. */
  readonly place: Date;
  /** When it ended (skipped, merged, withdrawn, failed): the place is free from then. */
  readonly until: Date;
}

/**
 * The earliest moment at or after `planned` outside quiet hours and at least the gap after every
 * earlier message of `counted`: where an ask moved only by quiet hours and the gap would go.
 * `ahead`: messages of a higher rank, which the ask yields to (issue 11: when asks compete, the
 * feedback request goes first): one that went less than the gap after a moment also rules it out,
 * and the ask goes at least the gap after it. `held`: higher-ranked asks that held their place
 * while pending and never went; their place rules a moment out the same way until they ended.
 * `late`: how late a dispatch run may come after a moment (the run decides then, so a place up to
 * that much later than the gap after a moment rules it out too; 0 when runs come at each due time).
 */
const earliestAllowed = (
  planned: Date,
  counted: readonly Date[],
  settings: JourneySettings,
  options: { readonly caps: boolean; readonly ahead?: readonly Date[]; readonly held?: readonly HeldPlace[]; readonly late?: number },
): Date => {
  const gap = settings.minGapHours * HOUR_MS;
  const late = options.late ?? 0;
  const inGapOf = (moment: number, place: number) => moment > place - gap - late && moment < place + gap;
  let at = planned.getTime();
  for (let round = 0; round < 50; round += 1) {
    let next = afterQuietHours(new Date(at), settings.quietHours, settings.timeZone).getTime();
    for (const sent of counted) {
      const time = sent.getTime();
      if (time <= next && next - time < gap) next = time + gap;
    }
    for (const sent of options.ahead ?? []) {
      const time = sent.getTime();
      if (inGapOf(next, time)) next = time + gap;
    }
    for (const { place, until } of options.held ?? []) {
      if (next < until.getTime() && inGapOf(next, place.getTime())) next = Math.min(place.getTime() + gap, until.getTime());
    }
    if (options.caps) {
      for (const [length, max] of [[7 * DAY_MS, settings.maxPer7Days], [30 * DAY_MS, settings.maxPer30Days]] as const) {
        const inWindow = counted.map((sent) => sent.getTime()).filter((time) => time <= next && time > next - length).sort((a, b) => a - b);
        if (inWindow.length >= max) next = Math.max(next, (inWindow[inWindow.length - max] as number) + length);
      }
    }
    if (next === at) break;
    at = next;
  }
  return new Date(at);
};

export const checkJourneyInvariants = (observed: JourneyObservations): InvariantResult[] => {
  const late = TOLERANCE_MS + (observed.lateToleranceMs ?? 0);
  /**
   * The latest an ask allowed at `allowed` may go on time: the first dispatch run after it (within
   * `late`); when that run falls in quiet hours (allowed at 20:55, the run at 21:00), the first run
   * after they end.
   */
  const onTimeUntil = (allowed: Date, settings: JourneySettings): number => {
    const run = new Date(allowed.getTime() + late);
    const morning = afterQuietHours(run, settings.quietHours, settings.timeZone);
    return morning > run ? morning.getTime() + late : run.getTime();
  };
  const asksByCustomer = new Map<string, AskRecord[]>();
  for (const ask of observed.asks) {
    const key = `${ask.tenantId}\u0000${ask.customerKey}`;
    asksByCustomer.set(key, [...(asksByCustomer.get(key) ?? []), ask]);
  }
  const casesByCustomer = new Map<string, CaseRecord[]>();
  for (const found of observed.cases) {
    const key = `${found.tenantId}\u0000${found.customerKey}`;
    casesByCustomer.set(key, [...(casesByCustomer.get(key) ?? []), found]);
  }

  const feedbackOnTime = new Tally('feedback-first-on-time', 'the feedback request goes at trigger + journey.feedbackDelayDays, moved only by quiet hours and the gap');
  const feedbackBeforeOthers = new Tally('feedback-before-other-asks', 'the feedback request goes before any other ask about its order');
  const oneFeedbackTogether = new Tally('one-feedback-for-orders-due-together', 'a customer with several orders due together gets one feedback message');
  const invitationOffset = new Tally('invitation-same-offset', 'every eligible customer is invited at trigger + reviews.delayDays, moved only by quiet hours, the gap and the caps');
  const invitationAfterFeedback = new Tally('invitation-after-feedback-other-day', 'the invitation goes after the feedback request, never on the same day (tenant time zone)');
  const invitationFrequency = new Tally('one-invitation-per-frequency-window', 'at most one invitation per customer per reviews.frequencyDays');
  const oneReminder = new Tally('one-reminder', 'one reminder per invitation, after it');
  const fairness = new Tally('fairness-audit-within-2-points', 'the fairness audit shows invitation rates within 2 points across sentiments');
  const recoveryFirst = new Tally('recovery-case-before-invitation', 'an unhappy answer received before the invitation has opened its recovery case before the invitation goes');
  const gap = new Tally('minimum-gap', 'no two messages to one customer less than contact.minGapHours apart');
  const caps = new Tally('contact-caps', 'no customer over contact.maxPer7Days / contact.maxPer30Days');
  const settled = new Tally('every-ask-settled', 'every planned ask ends sent, failed, withdrawn or skipped with a reason; nothing accepted is lost');
  const rankOrder = new Tally('postponed-never-behind-lower-rank', 'a postponed ask is never pushed behind a later-planned ask of lower rank');

  for (const customer of observed.customers) {
    const settings = observed.settings.get(customer.tenantId);
    if (!settings) continue;
    const who = `${customer.label}`;
    const asks = (asksByCustomer.get(`${customer.tenantId}\u0000${customer.customerKey}`) ?? []).sort((a, b) => a.journeyAt.getTime() - b.journeyAt.getTime());
    const messages = asks.filter(isMessage).sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    const sentBefore = (at: Date, filter: (ask: AskRecord) => boolean = () => true) => messages.filter((m) => m.sentAt < at && filter(m)).map((m) => m.sentAt);
    const gapMs = settings.minGapHours * HOUR_MS;
    const invitations = messages.filter((m) => m.kind === 'review_invitation');
    const heldAboveInvitation: HeldPlace[] = asks
      .filter((ask) => rankOf(ask.kind) < RANK.review_invitation! && ask.endedAt && ['skipped', 'withdrawn', 'failed'].includes(ask.state))
      .map((ask) => ({ place: afterQuietHours(ask.dueAt, settings.quietHours, settings.timeZone), until: ask.endedAt as Date }));
    const feedbackAsks = asks.filter((ask) => ask.kind === 'feedback_request');
    const unsubscribedBefore = (at: Date) => customer.unsubscribedAt !== null && customer.unsubscribedAt <= at;

    /**
     * Orders are due together when their feedback requests are planned less than the minimum gap
     * (at least a day) apart: one feedback message speaks for them all.
     */
    const togetherMs = Math.max(gapMs, DAY_MS);
    const dueTogether = (a: AskRecord, b: AskRecord) => Math.abs(a.journeyAt.getTime() - b.journeyAt.getTime()) < togetherMs;
    /** The feedback message that speaks for an order: its own, or one sent for an order due with it (merged). */
    const feedbackMessageFor = (orderId: string): (AskRecord & { sentAt: Date }) | null => {
      const own = feedbackAsks.find((ask) => ask.orderId === orderId);
      if (!own) return null;
      if (isMessage(own)) return own;
      if (own.state === 'withdrawn' || !own.outcomeReason) return null;
      return (feedbackAsks.find((other) => other !== own && isMessage(other) && dueTogether(own, other)) as (AskRecord & { sentAt: Date }) | undefined) ?? null;
    };

    for (const order of customer.orders) {
      const label = `${who} order #${order.number}`;
      if (!order.journeyPoint) continue;
      const feedbackPlanned = new Date(order.journeyPoint.getTime() + settings.feedbackDelayDays * DAY_MS);
      const own = feedbackAsks.find((ask) => ask.orderId === order.orderId);
      const calledOffBefore = (at: Date) => order.calledOffAt !== null && order.calledOffAt <= at;
      // Every order that reached its journey point has its asks planned: nothing accepted is lost.
      settled.check(own !== undefined || calledOffBefore(order.journeyPoint), () => `${label}: reached its journey point ${iso(order.journeyPoint)} but no feedback request was planned`);
      // As for the invitation, eligibility holds when quiet hours and the gap let the request go: a
      // refund while it waits for the morning rightly withdraws it.
      const feedbackMayGo = own && isMessage(own)
        ? feedbackPlanned
        : new Date(onTimeUntil(earliestAllowed(feedbackPlanned, messages.filter((m) => m !== own).map((m) => m.sentAt), settings, { caps: false }), settings));
      if (!calledOffBefore(feedbackMayGo) && !unsubscribedBefore(feedbackMayGo)) {
        const message = feedbackMessageFor(order.orderId);
        feedbackOnTime.check(
          own !== undefined && Math.abs(own.journeyAt.getTime() - feedbackPlanned.getTime()) < TOLERANCE_MS,
          () => `${label}: feedback request planned ${iso(own?.journeyAt ?? null)}, expected ${iso(feedbackPlanned)}`,
        );
        if (!message) {
          feedbackOnTime.check(false, () => `${label}: no feedback message sent (ask ${own?.state ?? 'missing'}: ${own?.outcomeReason ?? 'no reason'})`);
        } else if (message === own) {
          const allowed = earliestAllowed(message.journeyAt, sentBefore(message.sentAt), settings, { caps: false });
          feedbackOnTime.check(
            message.sentAt >= message.journeyAt && message.sentAt.getTime() <= onTimeUntil(allowed, settings),
            () => `${label}: feedback request planned ${iso(message.journeyAt)}, quiet hours and the gap allow ${iso(allowed)}, sent ${iso(message.sentAt)}`,
          );
        }
      }
      const invitation = asks.find((ask) => ask.kind === 'review_invitation' && ask.orderId === order.orderId);
      if (settings.hasReviewDestinations) {
        settled.check(invitation !== undefined || calledOffBefore(order.journeyPoint), () => `${label}: reached its journey point but no review invitation was planned`);
      }
      if (invitation) {
        const invitationPlanned = new Date(order.journeyPoint.getTime() + settings.reviewDelayDays * DAY_MS);
        invitationOffset.check(
          Math.abs(invitation.journeyAt.getTime() - invitationPlanned.getTime()) < TOLERANCE_MS,
          () => `${label}: invitation planned ${iso(invitation.journeyAt)}, expected ${iso(invitationPlanned)} (${order.basis})`,
        );
        if (isMessage(invitation)) {
          const higherRank = messages.filter((m) => rankOf(m.kind) < RANK.review_invitation!).map((m) => m.sentAt);
          const allowed = earliestAllowed(invitation.journeyAt, sentBefore(invitation.sentAt, (m) => rankOf(m.kind) <= RANK.review_invitation!), settings, { caps: true, ahead: higherRank, held: heldAboveInvitation, late });
          invitationOffset.check(
            invitation.sentAt >= invitation.journeyAt && invitation.sentAt.getTime() <= onTimeUntil(allowed, settings),
            () => `${label}: invitation planned ${iso(invitation.journeyAt)}, objective causes allow ${iso(allowed)}, sent ${iso(invitation.sentAt)}`,
          );
          const feedback = feedbackMessageFor(order.orderId);
          invitationAfterFeedback.check(
            feedback !== null && feedback.sentAt < invitation.sentAt && localDay(feedback.sentAt, settings.timeZone) !== localDay(invitation.sentAt, settings.timeZone),
            () => `${label}: invitation sent ${iso(invitation.sentAt)}, feedback request ${feedback ? `sent ${iso(feedback.sentAt)}` : 'never sent'}`,
          );
        }
      }
    }

    // The invitation reaches every eligible customer: objectively eligible when it may go
    // (not called off, not unsubscribed, not invited within reviews.frequencyDays).
    let lastInvited: Date | null = null;
    for (const order of [...customer.orders].filter((o) => o.journeyPoint).sort((a, b) => (a.journeyPoint as Date).getTime() - (b.journeyPoint as Date).getTime())) {
      const planned = new Date((order.journeyPoint as Date).getTime() + settings.reviewDelayDays * DAY_MS);
      // Eligibility is checked again when the invitation may go: an order refunded (or a customer
      // unsubscribed) after the planned moment but before quiet hours, the gap and the caps let it
      // go is no longer eligible, and its invitation is rightly withdrawn (or skipped).
      const invitation = asks.find((ask) => ask.kind === 'review_invitation' && ask.orderId === order.orderId);
      const higherRank = messages.filter((m) => rankOf(m.kind) < RANK.review_invitation!).map((m) => m.sentAt);
      const counted = messages.filter((m) => m !== invitation && rankOf(m.kind) <= RANK.review_invitation!).map((m) => m.sentAt);
      const mayGo = earliestAllowed(planned, counted, settings, { caps: true, ahead: higherRank, held: heldAboveInvitation, late });
      const lastChance = invitation && isMessage(invitation) ? planned : new Date(onTimeUntil(mayGo, settings));
      if (!settings.hasReviewDestinations || (order.calledOffAt && order.calledOffAt <= lastChance) || unsubscribedBefore(lastChance)) continue;
      if (lastInvited && planned.getTime() - lastInvited.getTime() < settings.frequencyDays * DAY_MS) continue;
      // Orders due together share one invitation: the one that went may be another order's.
      const sent = invitation && isMessage(invitation) ? invitation : invitations.find((other) => invitation !== undefined && dueTogether(invitation, other));
      invitationOffset.check(sent !== undefined, () => `${who} order #${order.number}: eligible for the invitation due ${iso(planned)} but it ended ${invitation?.state ?? 'unplanned'} (${invitation?.outcomeReason ?? 'no reason'})`);
      lastInvited = sent?.sentAt ?? planned;
    }

    // One feedback message for orders due together.
    const feedbackMessages = feedbackAsks.filter(isMessage);
    for (const ask of feedbackAsks) {
      const together = feedbackAsks.filter((other) => other !== ask && dueTogether(ask, other));
      if (together.length === 0) continue;
      const alsoSent = isMessage(ask) ? feedbackMessages.filter((other) => other !== ask && dueTogether(ask, other)) : [];
      oneFeedbackTogether.check(
        alsoSent.length === 0 && ask.state !== 'scheduled',
        () => `${who}: feedback requests planned ${[ask, ...together].map((a) => iso(a.journeyAt)).join(', ')} (due together): ${1 + alsoSent.length} messages sent`,
      );
    }

    for (const ask of messages) {
      if (ask.kind === 'feedback_request' || !ask.orderId) continue;
      const own = feedbackAsks.find((feedback) => feedback.orderId === ask.orderId);
      if (!own || own.state === 'withdrawn') continue;
      const feedback = feedbackMessageFor(ask.orderId);
      feedbackBeforeOthers.check(feedback !== null && feedback.sentAt < ask.sentAt, () => `${who}: ${ask.kind} sent ${iso(ask.sentAt)} about an order whose feedback request ${feedback ? `went ${iso(feedback.sentAt)}` : `ended ${own.state} (${own.outcomeReason ?? 'no reason'})`}`);
    }

    for (let index = 1; index < invitations.length; index += 1) {
      const previous = invitations[index - 1] as AskRecord & { sentAt: Date };
      const current = invitations[index] as AskRecord & { sentAt: Date };
      invitationFrequency.check(current.sentAt.getTime() - previous.sentAt.getTime() >= settings.frequencyDays * DAY_MS, () => `${who}: invitations sent ${iso(previous.sentAt)} and ${iso(current.sentAt)}`);
    }
    if (invitations.length === 1) invitationFrequency.check(true, () => '');

    const reminders = messages.filter((m) => m.kind === 'review_reminder');
    for (const reminder of reminders) {
      const invitation = invitations.find((sent) => sent.orderId === reminder.orderId);
      const others = reminders.filter((other) => other !== reminder && Math.abs(other.sentAt.getTime() - reminder.sentAt.getTime()) < settings.frequencyDays * DAY_MS);
      oneReminder.check(
        invitation !== undefined && invitation.sentAt < reminder.sentAt && others.length === 0,
        () => `${who}: reminder sent ${iso(reminder.sentAt)}${invitation ? ` after the invitation of ${iso(invitation.sentAt)}` : ' without an invitation sent'}${others.length ? `, with ${others.length} other reminder(s) within reviews.frequencyDays` : ''}`,
      );
    }

    const cases = casesByCustomer.get(`${customer.tenantId}\u0000${customer.customerKey}`) ?? [];
    for (const answer of customer.answers.filter((a) => a.opensCase)) {
      const invitation = invitations.find((sent) => sent.orderId === answer.orderId) ?? invitations.find((sent) => sent.sentAt > answer.at);
      if (!invitation || invitation.sentAt <= answer.at) continue;
      const answeredFrom = answer.at.getTime() - TOLERANCE_MS;
      const inTime = (received: Date) => received.getTime() >= answeredFrom && received <= invitation.sentAt;
      const tookTheAnswer = (found: CaseRecord) =>
        found.signals
          ? found.signals.some((signal) => signal.source === 'feedback' && signal.orderId === answer.orderId && inTime(signal.receivedAt))
          : found.openedAt.getTime() >= answeredFrom || (found.signalsReceivedAt ?? []).some(inTime);
      const opened = cases.find((found) => found.openedAt <= invitation.sentAt && tookTheAnswer(found));
      recoveryFirst.check(opened !== undefined, () => `${who}: answered unhappily ${iso(answer.at)}, invitation sent ${iso(invitation.sentAt)}, no recovery case opened by then`);
    }

    for (let index = 1; index < messages.length; index += 1) {
      const previous = messages[index - 1] as AskRecord & { sentAt: Date };
      const current = messages[index] as AskRecord & { sentAt: Date };
      gap.check(current.sentAt.getTime() - previous.sentAt.getTime() >= gapMs, () => `${who}: ${previous.kind} ${iso(previous.sentAt)} then ${current.kind} ${iso(current.sentAt)}`);
    }
    for (const message of messages) {
      for (const [length, max, name] of [[7 * DAY_MS, settings.maxPer7Days, '7'], [30 * DAY_MS, settings.maxPer30Days, '30']] as const) {
        const inWindow = messages.filter((m) => m.sentAt >= message.sentAt && m.sentAt.getTime() < message.sentAt.getTime() + length).length;
        caps.check(inWindow <= max, () => `${who}: ${inWindow} messages in the ${name} days from ${iso(message.sentAt)} (cap ${max})`);
      }
    }

    for (const ask of asks) {
      const final = ['sent', 'failed', 'withdrawn', 'skipped'].includes(ask.state);
      settled.check(final && (ask.state === 'sent' || Boolean(ask.outcomeReason)), () => `${who}: ${ask.kind} planned ${iso(ask.journeyAt)} ended ${ask.state}${ask.outcomeReason ? '' : ' without a reason'}`);
    }

    for (const higher of asks.filter(isMessage)) {
      if (higher.sentAt.getTime() - higher.journeyAt.getTime() <= late || TRANSACTIONAL_KINDS.has(higher.kind as AskKind)) continue;
      for (const lower of asks.filter(isMessage)) {
        if (rankOf(lower.kind) <= rankOf(higher.kind) || lower.journeyAt <= higher.journeyAt) continue;
        rankOrder.check(higher.sentAt < lower.sentAt, () => `${who}: ${higher.kind} planned ${iso(higher.journeyAt)} was postponed to ${iso(higher.sentAt)}, behind ${lower.kind} planned ${iso(lower.journeyAt)} sent ${iso(lower.sentAt)}`);
      }
    }
  }

  for (const figures of observed.fairness) {
    const rates = Object.entries(figures.bySentiment).filter(([, entry]) => entry.rate !== null).map(([name, entry]) => `${name} ${entry.invited}/${entry.eligible}`);
    fairness.check(figures.rateSpread <= FAIRNESS_POINTS + 1e-9, () => `${figures.tenantId}: rate spread ${(figures.rateSpread * 100).toFixed(1)} points (${rates.join(', ')})`);
  }
  for (const rejected of observed.losses.rejectedCalls) settled.check(false, () => rejected);
  for (const failure of observed.losses.failures) settled.check(false, () => failure);

  return [feedbackOnTime, feedbackBeforeOthers, oneFeedbackTogether, invitationOffset, invitationAfterFeedback, invitationFrequency, oneReminder, fairness, recoveryFirst, gap, caps, settled, rankOrder].map((tally) => tally.result());
};
