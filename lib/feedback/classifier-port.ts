import type { Classification, FeedbackInput } from './types.ts';

/**
 * What the feedback function needs of a classifier: a pure, synchronous reading of a score and a
 * comment. `classifyFeedback` (`classify.ts`) is the one afterglow runs; tests may pass any
 * function of this shape to test routing apart from the model.
 */
export type FeedbackClassification = Classification;
export type ClassifierInput = FeedbackInput;
export type FeedbackClassifier = (input: ClassifierInput) => FeedbackClassification;
