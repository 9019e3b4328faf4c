import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { earliestSlot, nextAllowedTime } from '../../lib/journey/contact-budget.ts';
import { afterQuietHours, isQuiet } from '../../lib/journey/quiet-hours.ts';

const at = (iso: string) => new Date(iso);
const defaults = { maxPer7Days: 1, maxPer30Days: 4 };

describe('nextAllowedTime (one budget per person)', () => {
  it('an untouched customer may be asked at once', () => {
    expect(nextAllowedTime(at('2026-11-10T12:00:00Z'), [], defaults)).toEqual(at('2026-11-10T12:00:00Z'));
  });

  it('one ask per 7 days: the next waits until the last leaves the window', () => {
    const contacts = [at('2026-11-08T09:00:00Z')];
    expect(nextAllowedTime(at('2026-11-10T12:00:00Z'), contacts, defaults)).toEqual(at('2026-11-15T09:00:00Z'));
  });

  it('a contact ahead counts too (an invitation holding its place against a lower-ranked ask): the ask goes around it', () => {
    // An invitation will go on the 12th; asking on the 10th would put two in one week.
    const contacts = [at('2026-11-12T09:00:00Z')];
    expect(nextAllowedTime(at('2026-11-10T12:00:00Z'), contacts, defaults)).toEqual(at('2026-11-19T09:00:00Z'));
  });

  it('four per 30 days, even when each week has room', () => {
    const caps = { maxPer7Days: 2, maxPer30Days: 4 };
    const contacts = ['2026-11-01', '2026-11-08', '2026-11-15', '2026-11-22'].map((day) => at(`${day}T00:00:00Z`));
    expect(nextAllowedTime(at('2026-11-23T00:00:00Z'), contacts, caps)).toEqual(at('2026-12-01T00:00:00Z'));
  });

  it('contacts older than 30 days do not count', () => {
    expect(nextAllowedTime(at('2026-11-30T00:00:00Z'), [at('2026-10-01T00:00:00Z')], defaults)).toEqual(at('2026-11-30T00:00:00Z'));
  });
});

describe('the minimum gap between any two messages', () => {
  const caps = { maxPer7Days: 3, maxPer30Days: 8, minGapHours: 48 };

  it('an ask a day after a message waits until 48 hours have passed, naming the message', () => {
    const slot = earliestSlot(at('2026-11-11T10:00:00Z'), [{ at: at('2026-11-10T10:00:00Z'), id: 'out_1', kind: 'review_invitation' }], caps);
    expect(slot).toEqual({ at: at('2026-11-12T10:00:00Z'), blockedBy: { rule: 'minimum gap', contact: { at: at('2026-11-10T10:00:00Z'), id: 'out_1', kind: 'review_invitation' } } });
  });

  it('a message ahead keeps its gap on both sides: an ask cannot squeeze in just before it', () => {
    // Asking on the 11th would fall a day before the 12th; after it, the 14th is the first free moment.
    expect(nextAllowedTime(at('2026-11-11T10:00:00Z'), [at('2026-11-12T10:00:00Z')], caps)).toEqual(at('2026-11-14T10:00:00Z'));
  });

  it('the caps still hold with the gap: a fourth message in 7 days waits', () => {
    const contacts = ['2026-11-01', '2026-11-03', '2026-11-05'].map((day) => at(`${day}T10:00:00Z`));
    expect(earliestSlot(at('2026-11-07T10:00:00Z'), contacts.map((time) => ({ at: time })), caps)).toMatchObject({ at: at('2026-11-08T10:00:00Z'), blockedBy: { rule: '7-day cap' } });
  });

  it('property: the slot is never earlier than asked, keeps the gap to every contact and every cap, and nothing earlier does', () => {
    const day = 86_400_000;
    const base = at('2026-11-01T00:00:00Z').getTime();
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 * 24 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 40 * 24 }),
        fc.record({ maxPer7Days: fc.integer({ min: 1, max: 4 }), maxPer30Days: fc.integer({ min: 1, max: 10 }), minGapHours: fc.integer({ min: 0, max: 96 }) }),
        (contactHours, candidateHours, budget) => {
          const contacts = contactHours.map((hours) => base + hours * 3_600_000);
          const candidate = base + candidateHours * 3_600_000;
          const keeps = (time: number) =>
            contacts.every((contact) => Math.abs(contact - time) >= budget.minGapHours * 3_600_000) &&
            [7, 30].every((days) => {
              const max = days === 7 ? budget.maxPer7Days : budget.maxPer30Days;
              return [time, ...contacts].every((start) => [...contacts, time].filter((other) => other >= start && other < start + days * day).length <= max || start > time || start <= time - days * day);
            });
          const slot = nextAllowedTime(new Date(candidate), contacts.map((time) => new Date(time)), budget).getTime();
          expect(slot).toBeGreaterThanOrEqual(candidate);
          expect(keeps(slot)).toBe(true);
          // Nothing earlier on the hour grid the contacts sit on keeps the budget
          for (let probe = candidate; probe < slot; probe += 3_600_000) expect(keeps(probe)).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('quiet hours in the customer time zone', () => {
  const quiet = { start: '21:00', end: '08:00' };

  it('wrap midnight', () => {
    expect(isQuiet(at('2026-11-10T22:30:00Z'), quiet, 'UTC')).toBe(true);
    expect(isQuiet(at('2026-11-10T07:59:00Z'), quiet, 'UTC')).toBe(true);
    expect(isQuiet(at('2026-11-10T08:00:00Z'), quiet, 'UTC')).toBe(false);
    expect(isQuiet(at('2026-11-10T20:59:00Z'), quiet, 'UTC')).toBe(false);
  });

  it('a message due at night waits for the morning, local time', () => {
    // 04:00 UTC is 23:00 the evening before in New York (EST, UTC−5): it goes at 08:00 New York time.
    expect(afterQuietHours(at('2026-11-10T04:00:00Z'), quiet, 'America/New_York')).toEqual(at('2026-11-10T13:00:00Z'));
  });

  it('across a daylight-saving change the morning is still 08:00 local', () => {
    // Europe/Paris leaves summer time on 2026-10-25 at 03:00 local: 08:00 is then 07:00 UTC.
    expect(afterQuietHours(at('2026-10-24T21:30:00Z'), quiet, 'Europe/Paris')).toEqual(at('2026-10-25T07:00:00Z'));
  });

  it('no quiet hours, no wait', () => {
    expect(afterQuietHours(at('2026-11-10T03:00:00Z'), null, 'UTC')).toEqual(at('2026-11-10T03:00:00Z'));
  });
});
