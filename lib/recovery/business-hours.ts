import { WEEKDAYS, type BusinessHours } from '../tenants/settings.ts';

/**
 * Time arithmetic in the tenant's business hours, in its IANA time zone: an SLA of 8 hours
 * raised on Friday at 16:00 with a 09:00–17:00 Monday–Friday week is due Monday at 16:00.
 * Each working day is measured as real elapsed time between its opening and closing instants,
 * so a day on which the clocks change is one hour shorter or longer, as it is for the team.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The wall-clock reading in `timeZone` at `instant`. */
export const wallClockAt = (instant: number, timeZone: string): WallClock => {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
};

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds. */
const offsetAt = (instant: number, timeZone: string): number => {
  const clock = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
};

/**
 * The instant a wall clock in `timeZone` shows this date and time (hour 24 = the next midnight).
 * A time the clocks skip (02:30 on a spring-forward night) resolves to the instant an hour later.
 */
export const instantOf = (
  date: { year: number; month: number; day: number },
  hour: number,
  minute: number,
  timeZone: string,
): number => {
  const local = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const first = local - offsetAt(local, timeZone);
  const second = local - offsetAt(first, timeZone);
  return second;
};

const parseTime = (time: string): [number, number] => {
  const [hour, minute] = time.split(':').map(Number);
  return [hour ?? 0, minute ?? 0];
};

/** Guards the loop: a schedule always has a working day within a week. */
const MAX_DAYS = 5 * 366;

/** `start` plus `hours` of the schedule's working time. */
export const addBusinessHours = (start: Date, hours: number, schedule: BusinessHours): Date => {
  if (!(hours >= 0)) throw new RangeError(`business hours must be zero or more, got ${hours}`);
  let remaining = Math.round(hours * 3_600_000);
  const [openHour, openMinute] = parseTime(schedule.open);
  const [closeHour, closeMinute] = parseTime(schedule.close);
  const today = wallClockAt(start.getTime(), schedule.timeZone);
  for (let offset = 0; offset < MAX_DAYS; offset += 1) {
    const calendar = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const weekday = WEEKDAYS[(calendar.getUTCDay() + 6) % 7];
    if (!weekday || !schedule.weekdays.includes(weekday)) continue;
    const date = { year: calendar.getUTCFullYear(), month: calendar.getUTCMonth() + 1, day: calendar.getUTCDate() };
    const opens = instantOf(date, openHour, openMinute, schedule.timeZone);
    const closes = instantOf(date, closeHour, closeMinute, schedule.timeZone);
    const from = Math.max(opens, start.getTime());
    if (from >= closes) continue;
    if (from + remaining <= closes) return new Date(from + remaining);
    remaining -= closes - from;
  }
  throw new RangeError('the business hours schedule has no working time');
};
