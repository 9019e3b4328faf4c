import { describe, expect, it } from 'vitest';
import { nextAllowedTime } from '../../lib/journey/contact-budget.ts';
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

  it('a fixed review invitation ahead counts too: the movable ask goes around it', () => {
    // An invitation will go on the 12th for certain; asking on the 10th would put two in one week.
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
