import type { FeedbackScale, IssueCategory, Sentiment } from '../../events/feedback-scale.ts';

/**
 * What the feedback function needs of a classifier: a pure, synchronous reading of a score and
 * a comment (the model lives in `classify.ts`; tests may pass any function of this shape).
 */
export interface FeedbackClassification {
  readonly sentiment: Sentiment;
  readonly confidence: number;
  readonly issues: readonly IssueCategory[];
  /** A service team should hear of it, whatever the score. */
  readonly recovery: boolean;
  readonly language: string;
  readonly reasons: readonly string[];
}

export interface ClassifierInput {
  score?: number;
  scale?: FeedbackScale;
  comment?: string;
  locale?: string;
}

export type FeedbackClassifier = (input: ClassifierInput) => FeedbackClassification;
