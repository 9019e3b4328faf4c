import * as z from 'zod';

/**
 * The scales a customer answers on, shared by every producer of feedback (the page, the API,
 * review platforms) and every consumer (the classifier, satisfaction benchmarks).
 */
export const FEEDBACK_SCALES = ['nps', 'csat', 'stars'] as const;
export const FeedbackScaleSchema = z.enum(FEEDBACK_SCALES);
export type FeedbackScale = z.infer<typeof FeedbackScaleSchema>;

/** The range of each scale, and whether it takes half steps (star ratings from review sites often do). */
export const SCALE_RANGES: Readonly<Record<FeedbackScale, { min: number; max: number; step: number; label: string }>> = {
  nps: { min: 0, max: 10, step: 1, label: 'NPS' },
  csat: { min: 1, max: 5, step: 1, label: 'CSAT' },
  stars: { min: 1, max: 5, step: 0.5, label: 'stars' },
};

/** Why a score is not valid on its scale, or undefined when it is. */
export const scoreProblem = (score: number, scale: FeedbackScale): string | undefined => {
  const { min, max, step, label } = SCALE_RANGES[scale];
  if (!Number.isFinite(score)) return 'score must be a finite number';
  if (score < min || score > max) return `score ${score} is outside the ${label} scale (${min}–${max})`;
  if (Math.abs(score / step - Math.round(score / step)) > 1e-9) {
    return step === 1
      ? `score ${score} must be a whole number on the ${label} scale`
      : `score ${score} must be in steps of ${step} on the ${label} scale`;
  }
  return undefined;
};

/** A score with its scale; always valid on that scale. */
export const ScoreSchema = z
  .object({ value: z.number(), scale: FeedbackScaleSchema })
  .superRefine((score, context) => {
    const problem = scoreProblem(score.value, score.scale);
    if (problem) context.addIssue({ code: 'custom', path: ['value'], message: problem });
  });
export type Score = z.infer<typeof ScoreSchema>;

/**
 * The problems a customer can report, as the classifier names them and recovery triages them
 * (DESIGN: delivery delay, lost, damaged, wrong/missing item, defect, quality mismatch,
 * billing/refund, service/staff, safety, legal/chargeback threat).
 */
export const ISSUE_CATEGORIES = [
  'delivery_delay',
  'lost_or_not_received',
  'damaged',
  'wrong_or_missing_item',
  'product_defect',
  'quality_mismatch',
  'billing_refund',
  'service_staff',
  'safety',
  'legal_threat',
] as const;
export const IssueCategorySchema = z.enum(ISSUE_CATEGORIES);
export type IssueCategory = z.infer<typeof IssueCategorySchema>;

export const SENTIMENTS = ['happy', 'neutral', 'unhappy'] as const;
export const SentimentSchema = z.enum(SENTIMENTS);
export type Sentiment = z.infer<typeof SentimentSchema>;
