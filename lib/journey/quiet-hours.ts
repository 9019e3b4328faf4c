/**
 * No message during the quiet hours of the customer's local time (pure). Quiet hours may wrap
 * midnight (21:00–08:00). Computed through Intl, so daylight-saving changes are the zone's own.
 */
export interface QuietHours {
  /** HH:MM, local time. */
  readonly start: string;
  readonly end: string;
}

const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

const localMinutes = (at: Date, timeZone: string): number => {
  const parts = formatterFor(timeZone).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
};

export const isQuiet = (at: Date, quiet: QuietHours, timeZone: string): boolean => {
  const now = localMinutes(at, timeZone);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
};

/** `at` itself when it is not in quiet hours, else the first minute after they end (local time). */
export const afterQuietHours = (at: Date, quiet: QuietHours | null, timeZone: string): Date => {
  if (!quiet || !isQuiet(at, quiet, timeZone)) return at;
  // Step a minute at a time from the whole minute: at most a day of steps, and exact across DST.
  let probe = new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
  for (let step = 0; step < 24 * 60 + 1 && isQuiet(probe, quiet, timeZone); step += 1) {
    probe = new Date(probe.getTime() + 60_000);
  }
  return probe;
};
