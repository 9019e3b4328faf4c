import type { ScoreScale, Sentiment } from './types.ts';

export { SCALE_RANGES as SCALES, scoreProblem } from '../../events/feedback-scale.ts';

/** NPS: 9–10 promoters (happy), 7–8 passives (neutral), 0–6 detractors. CSAT and stars: 4–5, 3, 1–2. */
export function sentimentFromScore(score: number, scale: ScoreScale): Sentiment {
  if (scale === 'nps') {
    if (score >= 9) return 'happy';
    if (score >= 7) return 'neutral';
    return 'unhappy';
  }
  if (score >= 4) return 'happy';
  if (score <= 2) return 'unhappy';
  return 'neutral';
}
