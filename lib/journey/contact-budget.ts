/**
 * One contact budget per person across every kind of ask: at most `maxPer7Days` in any 7 days
 * and `maxPer30Days` in any 30 days (pure). An ask that would break it is postponed to the
 * earliest time that keeps every window within its cap, never dropped.
 */
export interface ContactCaps {
  readonly maxPer7Days: number;
  readonly maxPer30Days: number;
}

const DAY_MS = 86_400_000;
const WINDOWS = (caps: ContactCaps) => [
  { length: 7 * DAY_MS, max: caps.maxPer7Days },
  { length: 30 * DAY_MS, max: caps.maxPer30Days },
];

/** True when sending at `at` keeps every rolling window that contains it within its cap. */
const fits = (at: number, occupied: readonly number[], caps: ContactCaps): boolean =>
  WINDOWS(caps).every(({ length, max }) => {
    // The windows containing `at` are [s, s + length) for s in (at - length, at]; the fullest one
    // starts at a contact (or at `at`), so checking those starts is enough.
    const starts = [at, ...occupied.filter((time) => time > at - length && time <= at)];
    return starts.every((start) => {
      const inWindow = occupied.filter((time) => time >= start && time < start + length).length;
      return inWindow + 1 <= max;
    });
  });

/**
 * The earliest time at or after `candidate` at which one more contact fits, given the contacts
 * already made or fixed (`occupied`: sent asks, and review invitations that will go at their time).
 */
export const nextAllowedTime = (candidate: Date, occupied: readonly Date[], caps: ContactCaps): Date => {
  const times = occupied.map((date) => date.getTime()).sort((a, b) => a - b);
  const start = candidate.getTime();
  if (fits(start, times, caps)) return candidate;
  // A window frees up just after one of its contacts leaves it: try each such moment in turn.
  const moments = [...new Set(WINDOWS(caps).flatMap(({ length }) => times.map((time) => time + length)))]
    .filter((time) => time > start)
    .sort((a, b) => a - b);
  for (const moment of moments) if (fits(moment, times, caps)) return new Date(moment);
  // Unreachable for positive caps (after the last contact + 30 days every window is empty).
  return new Date((times.at(-1) ?? start) + 30 * DAY_MS);
};
