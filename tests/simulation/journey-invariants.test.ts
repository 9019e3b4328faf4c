import { describe, expect, it } from 'vitest';
import { checkJourneyInvariants, type AskRecord, type JourneyObservations, type JourneySettings } from '../../lib/simulation/journey-invariants.ts';

/** The checker itself, on journeys written by hand: a good one passes, each kind of bad one is caught. */
const DAY = 86_400_000;
const HOUR = 3_600_000;
const t0 = new Date('2026-03-02T10:00:00Z');
const at = (days: number, hours = 0) => new Date(t0.getTime() + days * DAY + hours * HOUR);
const settings: JourneySettings = {
  feedbackDelayDays: 3,
  reviewDelayDays: 7,
  frequencyDays: 90,
  reminderAfterDays: 7,
  minGapHours: 48,
  maxPer7Days: 3,
  maxPer30Days: 8,
  quietHours: { start: '21:00', end: '08:00' },
  timeZone: 'UTC',
  hasReviewDestinations: true,
};
let ids = 0;
const ask = (kind: string, orderId: string, planned: Date, sent: Date | null, state = sent ? 'sent' : 'skipped', reason: string | null = sent ? null : 'a reason'): AskRecord => ({
  id: `a${(ids += 1)}`,
  tenantId: 't',
  customerKey: 'c:1',
  orderId,
  kind,
  state,
  journeyAt: planned,
  dueAt: sent ?? planned,
  sentAt: sent,
  outcomeReason: reason,
});
const observe = (asks: AskRecord[], changes: Partial<JourneyObservations> = {}): JourneyObservations => ({
  customers: [
    {
      label: 'customer 1',
      tenantId: 't',
      customerKey: 'c:1',
      unsubscribedAt: null,
      orders: [{ orderId: 'o1', number: 1001, journeyPoint: t0, basis: 'trigger', calledOffAt: null }],
      answers: [],
    },
  ],
  asks,
  cases: [],
  settings: new Map([['t', settings]]),
  fairness: [{ tenantId: 't', rateSpread: 0, bySentiment: {} }],
  losses: { rejectedCalls: [], failures: [] },
  ...changes,
});
const violated = (observations: JourneyObservations) =>
  Object.fromEntries(checkJourneyInvariants(observations).filter((result) => result.violations > 0).map((result) => [result.id, result.examples]));

describe('the journey invariants', () => {
  it('pass a journey that goes the way the issue asks: feedback at day 3, invitation at day 7, one reminder a week later', () => {
    const journey = [ask('feedback_request', 'o1', at(3), at(3)), ask('review_invitation', 'o1', at(7), at(7)), ask('review_reminder', 'o1', at(14), at(14))];

    expect(violated(observe(journey))).toEqual({});
  });

  it('let the invitation yield to another order\'s feedback request that goes less than the gap after its planned time, and no longer', () => {
    // Prepare: order 1 delivered at t0; order 2 delivered 5 days later (its feedback request at day 8)
    const second = { orderId: 'o2', number: 1002, journeyPoint: at(5, -2), basis: 'trigger' as const, calledOffAt: null };
    const base = [
      ask('feedback_request', 'o1', at(3), at(3)),
      ask('feedback_request', 'o2', at(8, -2), at(8, -2)),
      ask('review_invitation', 'o2', at(12, -2), null, 'skipped', 'invited to review within reviews.frequencyDays'),
    ];
    const customers = (observed: JourneyObservations) => [{ ...observed.customers[0]!, orders: [...observed.customers[0]!.orders, second] }];
    const withSecond = (asks: AskRecord[]) => {
      const observed = observe(asks);
      return { ...observed, customers: customers(observed) };
    };
    // Act: the invitation (due day 7) waits for the feedback request (the gap from day 8 − 2 h), or waits a day longer
    const yielded = violated(withSecond([...base, ask('review_invitation', 'o1', at(7), at(10, -2))]));
    const tooLate = violated(withSecond([...base, ask('review_invitation', 'o1', at(7), at(11))]));
    // Assess
    expect(yielded).toEqual({});
    expect(Object.keys(tooLate)).toContain('invitation-same-offset');
  });

  it('let the invitation yield to another order\'s feedback request while it held its place, until it was withdrawn, and no longer', () => {
    // Prepare (seed 1, 5 000 customers): order 2's feedback request was due on day 8 at 11:00, 25 hours
    // after order 1's invitation, and was withdrawn by a refund on day 7 at 12:30
    const second = { orderId: 'o2', number: 1002, journeyPoint: at(5, 1), basis: 'trigger' as const, calledOffAt: at(7, 2.5) };
    const withdrawn = { ...ask('feedback_request', 'o2', at(8, 1), null, 'withdrawn', 'order refunded'), endedAt: at(7, 2.5) };
    const withSecond = (invitationSent: Date) => {
      const asks = [ask('feedback_request', 'o1', at(3), at(3)), withdrawn, ask('review_invitation', 'o2', at(12, 1), null, 'withdrawn', 'order refunded'), ask('review_invitation', 'o1', at(7), invitationSent)];
      const observed = observe(asks, { lateToleranceMs: 2 * HOUR });
      return { ...observed, customers: [{ ...observed.customers[0]!, orders: [...observed.customers[0]!.orders, second] }] };
    };
    // Act: the invitation goes at the first two-hourly run after the withdrawal, or where the held place had put it
    const freed = violated(withSecond(at(7, 4)));
    const keptWaiting = violated(withSecond(at(10, 1)));
    // Assess
    expect(freed).toEqual({});
    expect(Object.keys(keptWaiting)).toEqual(['invitation-same-offset']);
  });

  it('take a place held up to one dispatch interval before the higher-ranked message went as an objective cause', () => {
    // Prepare (seed 1, 5 000 customers, dispatch every 2 hours): order 2's feedback request held its
    // place 46.5 hours after order 1's invitation was due and went at the next run, 48 hours 12 minutes after
    const second = { orderId: 'o2', number: 1002, journeyPoint: at(6, -1.5), basis: 'trigger' as const, calledOffAt: null };
    const journey = [
      ask('feedback_request', 'o1', at(3), at(3)),
      ask('feedback_request', 'o2', at(9, -1.5), at(9, 0.2)),
      ask('review_invitation', 'o2', at(13, -1.5), null, 'skipped', 'invited to review within reviews.frequencyDays'),
      ask('review_invitation', 'o1', at(7), at(11, 0.2)),
    ];
    const checked = (lateToleranceMs: number) => {
      const observed = observe(journey, { lateToleranceMs });
      return violated({ ...observed, customers: [{ ...observed.customers[0]!, orders: [...observed.customers[0]!.orders, second] }] });
    };
    // Act / Assess: with runs every two hours the invitation rightly waited; with runs at every due time it would not have
    expect(checked(2 * HOUR)).toEqual({});
    expect(Object.keys(checked(0))).toContain('invitation-same-offset');
  });

  it('catch the invitation going first and the feedback request pushed behind it', () => {
    const journey = [ask('feedback_request', 'o1', at(3), at(14)), ask('review_invitation', 'o1', at(7), at(7))];

    const found = violated(observe(journey));

    expect(Object.keys(found).sort()).toEqual(
      ['feedback-before-other-asks', 'feedback-first-on-time', 'invitation-after-feedback-other-day', 'postponed-never-behind-lower-rank'].sort(),
    );
  });

  it('catch two messages inside the minimum gap, a second invitation within the frequency window and a caps overrun', () => {
    const second = { orderId: 'o2', number: 1002, journeyPoint: t0, basis: 'trigger' as const, calledOffAt: null };
    const journey = [
      ask('feedback_request', 'o1', at(3), at(3)),
      ask('feedback_request', 'o2', at(3), at(3, 1)),
      ask('review_invitation', 'o1', at(7), at(7)),
      ask('review_invitation', 'o2', at(7), at(7, 1)),
      ask('testimonial_request', 'o1', at(4), at(8)),
    ];
    const observations = observe(journey);
    const found = violated({ ...observations, customers: [{ ...(observations.customers[0] as JourneyObservations['customers'][number]), orders: [...(observations.customers[0]?.orders ?? []), second] }] });

    expect(found).toHaveProperty('minimum-gap');
    expect(found).toHaveProperty('one-feedback-for-orders-due-together');
    expect(found).toHaveProperty('one-invitation-per-frequency-window');
    expect(found).toHaveProperty('contact-caps');
  });

  it('take a feedback request moved out of quiet hours as on time, and one held back by nothing as late', () => {
    const night = new Date('2026-03-05T23:30:00Z');
    const morning = new Date('2026-03-06T08:00:00Z');
    const point = new Date(night.getTime() - 3 * DAY);
    const base = observe([], { settings: new Map([['t', { ...settings, hasReviewDestinations: false }]]) });
    const customer = { ...(base.customers[0] as JourneyObservations['customers'][number]), orders: [{ orderId: 'o1', number: 1001, journeyPoint: point, basis: 'trigger' as const, calledOffAt: null }] };

    expect(violated({ ...base, customers: [customer], asks: [ask('feedback_request', 'o1', night, morning)] })).toEqual({});
    expect(violated({ ...base, customers: [customer], asks: [ask('feedback_request', 'o1', night, new Date(morning.getTime() + 2 * HOUR))] })).toHaveProperty('feedback-first-on-time');
  });

  it('catch an unhappy answer whose case opened only after the invitation went, an ask left pending and a rejected webhook', () => {
    const journey = [ask('feedback_request', 'o1', at(3), at(3)), ask('review_invitation', 'o1', at(7), at(7)), ask('review_reminder', 'o1', at(14), null, 'scheduled', null)];
    const observations = observe(journey, {
      cases: [{ tenantId: 't', customerKey: 'c:1', orderId: 'o1', openedAt: at(8) }],
      losses: { rejectedCalls: ['shopify webhook answered 401'], failures: [] },
    });
    const customer = { ...(observations.customers[0] as JourneyObservations['customers'][number]), answers: [{ orderId: 'o1', at: at(4), opensCase: true }] };

    const found = violated({ ...observations, customers: [customer] });

    expect(found).toHaveProperty('recovery-case-before-invitation');
    expect(found['every-ask-settled']).toEqual(expect.arrayContaining(['shopify webhook answered 401', expect.stringContaining('review_reminder')]));
  });

  it('take an unhappy answer filed on the case already open about its order as its case, and one filed nowhere as missing', () => {
    // Prepare: a partial refund opened a case on day 2; the unhappy answer on day 4 joins it
    const journey = [ask('feedback_request', 'o1', at(3), at(3)), ask('review_invitation', 'o1', at(7), at(7))];
    const base = observe(journey);
    const customer = { ...(base.customers[0] as JourneyObservations['customers'][number]), answers: [{ orderId: 'o1', at: at(4), opensCase: true }] };
    const openCase = { tenantId: 't', customerKey: 'c:1', orderId: 'o1', openedAt: at(2) };
    // Act
    const joined = violated({ ...base, customers: [customer], cases: [{ ...openCase, signalsReceivedAt: [at(2), at(4)] }] });
    const notFiled = violated({ ...base, customers: [customer], cases: [{ ...openCase, signalsReceivedAt: [at(2)] }] });
    // Assess
    expect(joined).toEqual({});
    expect(notFiled).toHaveProperty('recovery-case-before-invitation');
  });

  it('count only the answer\'s own signal on a joined case: a feedback signal about its order, not another signal that came then', () => {
    // Prepare: the same open case; on day 4 a signal joins it, either the answer's or a review's
    const journey = [ask('feedback_request', 'o1', at(3), at(3)), ask('review_invitation', 'o1', at(7), at(7))];
    const base = observe(journey);
    const customer = { ...(base.customers[0] as JourneyObservations['customers'][number]), answers: [{ orderId: 'o1', at: at(4), opensCase: true }] };
    const refund = { receivedAt: at(2), source: 'order', orderId: 'o1' };
    const openCase = { tenantId: 't', customerKey: 'c:1', orderId: 'o1', openedAt: at(2) };
    const caseWith = (signal: { receivedAt: Date; source: string; orderId: string | null }) => ({ ...openCase, signalsReceivedAt: [at(2), at(4)], signals: [refund, signal] });
    // Act
    const own = violated({ ...base, customers: [customer], cases: [caseWith({ receivedAt: at(4), source: 'feedback', orderId: 'o1' })] });
    const review = violated({ ...base, customers: [customer], cases: [caseWith({ receivedAt: at(4), source: 'review', orderId: 'o1' })] });
    const otherOrder = violated({ ...base, customers: [customer], cases: [caseWith({ receivedAt: at(4), source: 'feedback', orderId: 'o9' })] });
    // Assess
    expect(own).toEqual({});
    expect(review).toHaveProperty('recovery-case-before-invitation');
    expect(otherOrder).toHaveProperty('recovery-case-before-invitation');
  });

  it('take an invitation withdrawn by a refund that came while quiet hours held it as rightly withdrawn, and one refunded after its morning as missed', () => {
    // Prepare: delivered at 22:00; the feedback request went the next morning, the invitation was
    // planned for 22:00 on day 7 and waits for 08:00
    const night = at(0, 12);
    const journey = [ask('feedback_request', 'o1', at(3, 12), at(4, -2)), ask('review_invitation', 'o1', at(7, 12), null, 'withdrawn', 'order refunded')];
    const base = observe(journey);
    const refundedAt = (calledOffAt: Date) => [{ ...(base.customers[0] as JourneyObservations['customers'][number]), orders: [{ orderId: 'o1', number: 1001, journeyPoint: night, basis: 'trigger' as const, calledOffAt }] }];
    // Act
    const refundedAtNight = violated({ ...base, customers: refundedAt(at(7, 18)) });
    const refundedAfterTheMorning = violated({ ...base, customers: refundedAt(at(8, 12)) });
    // Assess
    expect(refundedAtNight).toEqual({});
    expect(refundedAfterTheMorning).toHaveProperty('invitation-same-offset');
  });

  it('take a feedback request withdrawn by a refund that came while quiet hours held it as rightly withdrawn (seed 3, 1 000 customers)', () => {
    // Prepare: planned for 22:00 on day 3, waiting for 08:00; refunded at 04:00, or only after that morning
    const journey = [ask('feedback_request', 'o1', at(3, 12), null, 'withdrawn', 'order refunded')];
    const base = observe(journey, { settings: new Map([['t', { ...settings, hasReviewDestinations: false }]]) });
    const refundedAt = (calledOffAt: Date) => [{ ...(base.customers[0] as JourneyObservations['customers'][number]), orders: [{ orderId: 'o1', number: 1001, journeyPoint: at(0, 12), basis: 'trigger' as const, calledOffAt }] }];
    // Act
    const refundedAtNight = violated({ ...base, customers: refundedAt(at(3, 18)) });
    const refundedAfterTheMorning = violated({ ...base, customers: refundedAt(at(4, 12)) });
    // Assess
    expect(refundedAtNight).toEqual({});
    expect(refundedAfterTheMorning).toHaveProperty('feedback-first-on-time');
  });

  it('with dispatch every 15 minutes, take an ask allowed just before quiet hours whose run falls inside them as on time the next morning', () => {
    // Prepare: the feedback request is planned at 20:50; the 21:00 run is in quiet hours, so it goes at 08:00
    const evening = new Date('2026-03-05T20:50:00Z');
    const morning = new Date('2026-03-06T08:00:00Z');
    const base = observe([], { settings: new Map([['t', { ...settings, hasReviewDestinations: false }]]), lateToleranceMs: 15 * 60_000 });
    const customer = { ...(base.customers[0] as JourneyObservations['customers'][number]), orders: [{ orderId: 'o1', number: 1001, journeyPoint: new Date(evening.getTime() - 3 * DAY), basis: 'trigger' as const, calledOffAt: null }] };
    // Act
    const atTheMorningRun = violated({ ...base, customers: [customer], asks: [ask('feedback_request', 'o1', evening, morning)] });
    const halfAnHourLater = violated({ ...base, customers: [customer], asks: [ask('feedback_request', 'o1', evening, new Date(morning.getTime() + HOUR / 2))] });
    // Assess
    expect(atTheMorningRun).toEqual({});
    expect(halfAnHourLater).toHaveProperty('feedback-first-on-time');
  });

  it('hold the fairness audit to 2 points', () => {
    const journey = [ask('feedback_request', 'o1', at(3), at(3)), ask('review_invitation', 'o1', at(7), at(7))];

    expect(violated(observe(journey, { fairness: [{ tenantId: 't', rateSpread: 0.021, bySentiment: {} }] }))).toHaveProperty('fairness-audit-within-2-points');
    expect(violated(observe(journey, { fairness: [{ tenantId: 't', rateSpread: 0.02, bySentiment: {} }] }))).toEqual({});
  });
});
