import type { FeedbackScale } from '../../events/feedback-scale.ts';

/**
 * Satisfaction per week (pure): NPS from 0–10 answers (% promoters 9–10 minus % detractors 0–6)
 * and CSAT from 1–5 answers, CSAT and stars alike (% of 4 and 5), overall and per journey stage,
 * in the tenant's time zone; and the weeks where a score fell by more than the tenant's threshold.
 */
export interface ScoredAnswer {
  readonly submittedAt: Date;
  readonly value: number;
  readonly scale: FeedbackScale;
  readonly stage: string | null;
}

export interface NpsSummary {
  readonly score: number;
  readonly responses: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

export interface CsatSummary {
  readonly score: number;
  readonly responses: number;
  readonly satisfied: number;
}

export interface Satisfaction {
  readonly nps: NpsSummary | null;
  readonly csat: CsatSummary | null;
}

export interface WeekSatisfaction extends Satisfaction {
  /** The Monday the week starts on, in the tenant's time zone (YYYY-MM-DD). */
  readonly weekOf: string;
  readonly byStage: Readonly<Record<string, Satisfaction>>;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export const summarise = (answers: readonly ScoredAnswer[]): Satisfaction => {
  const nps = answers.filter((answer) => answer.scale === 'nps');
  const csat = answers.filter((answer) => answer.scale !== 'nps');
  const promoters = nps.filter((answer) => answer.value >= 9).length;
  const detractors = nps.filter((answer) => answer.value <= 6).length;
  const satisfied = csat.filter((answer) => answer.value >= 4).length;
  return {
    nps: nps.length === 0 ? null : { score: round1(((promoters - detractors) / nps.length) * 100), responses: nps.length, promoters, passives: nps.length - promoters - detractors, detractors },
    csat: csat.length === 0 ? null : { score: round1((satisfied / csat.length) * 100), responses: csat.length, satisfied },
  };
};

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The Monday (local date) of the week `at` falls in, in `timeZone`. */
export const weekOf = (at: Date, timeZone: string): string => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const day = new Date(`${formatter.format(at)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
};

export const weeklySatisfaction = (answers: readonly ScoredAnswer[], timeZone: string): WeekSatisfaction[] => {
  const weeks = new Map<string, ScoredAnswer[]>();
  for (const answer of answers) {
    const week = weekOf(answer.submittedAt, timeZone);
    weeks.set(week, [...(weeks.get(week) ?? []), answer]);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, inWeek]) => {
      const stages = [...new Set(inWeek.map((answer) => answer.stage ?? 'unknown'))].sort();
      return {
        weekOf: week,
        ...summarise(inWeek),
        byStage: Object.fromEntries(stages.map((stage) => [stage, summarise(inWeek.filter((answer) => (answer.stage ?? 'unknown') === stage))])),
      };
    });
};

export interface SatisfactionDrop {
  readonly metric: 'nps' | 'csat';
  readonly weekOf: string;
  readonly previousWeekOf: string;
  readonly from: number;
  readonly to: number;
  readonly responses: number;
}

/**
 * Weeks whose score fell by more than `thresholdPoints` from the week before (consecutive weeks
 * only), when both weeks had at least `minResponses` answers: a handful of answers is noise.
 */
export const satisfactionDrops = (weeks: readonly WeekSatisfaction[], thresholdPoints: number, minResponses: number): SatisfactionDrop[] => {
  const drops: SatisfactionDrop[] = [];
  for (let index = 1; index < weeks.length; index += 1) {
    const previous = weeks[index - 1] as WeekSatisfaction;
    const current = weeks[index] as WeekSatisfaction;
    const consecutive = new Date(`${previous.weekOf}T00:00:00Z`).getTime() + 7 * 86_400_000 === new Date(`${current.weekOf}T00:00:00Z`).getTime();
    if (!consecutive) continue;
    for (const metric of ['nps', 'csat'] as const) {
      const before = previous[metric];
      const after = current[metric];
      if (!before || !after || before.responses < minResponses || after.responses < minResponses) continue;
      if (before.score - after.score > thresholdPoints) {
        drops.push({ metric, weekOf: current.weekOf, previousWeekOf: previous.weekOf, from: before.score, to: after.score, responses: after.responses });
      }
    }
  }
  return drops;
};
