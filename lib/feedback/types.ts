/** The vocabulary of feedback classification, shared by the classifier and its callers. */

import type { FeedbackScale, IssueCategory, Sentiment } from '../../events/feedback-scale.ts';

export type { IssueCategory, Sentiment } from '../../events/feedback-scale.ts';
export { ISSUE_CATEGORIES } from '../../events/feedback-scale.ts';
export type ScoreScale = FeedbackScale;

/** Languages whose wording the classifier reads; others are detected and reported, not read. */
export const SUPPORTED_LANGUAGES = ['en', 'fr', 'es', 'de', 'id'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

export interface FeedbackInput {
  score?: number;
  /** Required with `score`. */
  scale?: ScoreScale;
  comment?: string;
  /** BCP-47 tag from the page or survey tool, e.g. "fr-FR": a hint when the comment is too short to tell. */
  locale?: string;
}

export interface Classification {
  sentiment: Sentiment;
  /** 0–1: how sure the classifier is of `sentiment`. */
  confidence: number;
  issues: IssueCategory[];
  /** A service team should hear of it, whatever the score. */
  recovery: boolean;
  /**
   * False when the sentiment comes from the comment alone and its calibrated confidence is below
   * the model's threshold: routing then treats the customer as neutral (no referral ask, no
   * recovery case on sentiment alone). Absent in classifications stored before it existed: true.
   */
  confident?: boolean;
  /** Why the reading is not confident, when it is not. */
  notConfidentReason?: string;
  /** ISO 639-1 code of the comment, or 'und' when it cannot be told. */
  language: string;
  reasons: string[];
}
