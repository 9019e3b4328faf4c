/**
 * One contact budget per person across every kind of ask (pure): at most `maxPer7Days` in any 7
 * days, `maxPer30Days` in any 30 days, and never two messages less than `minGapHours` apart. An
 * ask that would break it is postponed to the earliest time that keeps every rule, never dropped,
 * and the contact that stood in its way is named.
 */
export interface ContactCaps {
  readonly maxPer7Days: number;
  readonly maxPer30Days: number;
  /** Hours between any two messages to one customer (0: none). */
  readonly minGapHours?: number;
}

/** A message the customer got, is getting, or that holds its place ahead of the ask. */
export interface Contact {
  readonly at: Date;
  /** The ask it is, when known: the timeline names the ask that took the budget. */
  readonly id?: string;
  readonly kind?: string;
}

export type BudgetRule = 'minimum gap' | '7-day cap' | '30-day cap';

export interface Slot {
  readonly at: Date;
  /** What moved the ask (null when it may go at the candidate time). */
  readonly blockedBy: { readonly rule: BudgetRule; readonly contact: Contact } | null;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const WINDOWS = (caps: ContactCaps) => [
  { length: 7 * DAY_MS, max: caps.maxPer7Days, rule: '7-day cap' as const },
  { length: 30 * DAY_MS, max: caps.maxPer30Days, rule: '30-day cap' as const },
];

interface Timed {
  readonly time: number;
  readonly contact: Contact;
}

/** The first rule sending at `at` would break, with a contact that breaks it; null when it fits. */
const conflictAt = (at: number, occupied: readonly Timed[], caps: ContactCaps): Slot['blockedBy'] => {
  const gap = (caps.minGapHours ?? 0) * HOUR_MS;
  const tooClose = occupied.find(({ time }) => Math.abs(time - at) < gap);
  if (tooClose) return { rule: 'minimum gap', contact: tooClose.contact };
  for (const { length, max, rule } of WINDOWS(caps)) {
    // The windows containing `at` are [s, s + length) for s in (at - length, at]; the fullest one
    // starts at a contact (or at `at`), so checking those starts is enough.
    const starts = [at, ...occupied.filter(({ time }) => time > at - length && time <= at).map(({ time }) => time)];
    for (const start of starts) {
      const inWindow = occupied.filter(({ time }) => time >= start && time < start + length);
      if (inWindow.length + 1 > max) return { rule, contact: (inWindow[0] as Timed).contact };
    }
  }
  return null;
};

/**
 * The earliest time at or after `candidate` at which one more message keeps the budget, given the
 * contacts that count (sent and approved messages, and asks of a higher rank holding their place).
 */
export const earliestSlot = (candidate: Date, contacts: readonly Contact[], caps: ContactCaps): Slot => {
  const occupied = contacts.map((contact) => ({ time: contact.at.getTime(), contact })).sort((a, b) => a.time - b.time);
  const start = candidate.getTime();
  const first = conflictAt(start, occupied, caps);
  if (!first) return { at: candidate, blockedBy: null };
  // The earliest feasible moment is where some rule stops being broken: a contact's gap ends, or
  // a contact leaves a window. Try each such moment in turn.
  const gap = (caps.minGapHours ?? 0) * HOUR_MS;
  const lengths = [gap, ...WINDOWS(caps).map(({ length }) => length)].filter((length) => length > 0);
  const moments = [...new Set(lengths.flatMap((length) => occupied.map(({ time }) => time + length)))]
    .filter((time) => time > start)
    .sort((a, b) => a - b);
  for (const moment of moments) if (!conflictAt(moment, occupied, caps)) return { at: new Date(moment), blockedBy: first };
  // Unreachable for positive caps (after the last contact + 30 days every rule holds).
  return { at: new Date((occupied.at(-1)?.time ?? start) + 30 * DAY_MS + gap), blockedBy: first };
};

/** {@link earliestSlot} for bare times. */
export const nextAllowedTime = (candidate: Date, occupied: readonly Date[], caps: ContactCaps): Date =>
  earliestSlot(candidate, occupied.map((at) => ({ at })), caps).at;
