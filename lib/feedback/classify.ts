import { callsForRecovery } from './issues.ts';
import { languageOfLocale } from './language.ts';
import type { ModelScorer } from './model-scorer.ts';
import { readComment, type CommentVerdict } from './read-comment.ts';
import { InvalidFeedbackInputError } from './schema.ts';
import { SCALES, scoreProblem, sentimentFromScore } from './score.ts';
import { trainedModelScorer } from './trained-model.ts';
import type { Classification, FeedbackInput, IssueCategory, Sentiment } from './types.ts';

/**
 * Classifies one piece of feedback: pure, synchronous, no network.
 *
 * An explicit score decides the sentiment by its scale; the comment decides only when there is
 * no score. Either way the comment names the issues, and an issue a service team must act on
 * (damage, loss, wrong item, unresolved refund, safety, legal or chargeback words) raises
 * `recovery` whatever the score: a 9/10 whose glass arrived cracked is a happy customer with a
 * recovery case. An unhappy customer is always a recovery case.
 */
export function classifyFeedback(input: FeedbackInput, scorer: ModelScorer = trainedModelScorer()): Classification {
  const score = checkedScore(input);
  const comment = input.comment?.trim() ? readComment(input.comment, input.locale, scorer) : undefined;
  const reasons: string[] = [];

  let sentiment: Sentiment;
  let confidence: number;
  if (score) {
    sentiment = sentimentFromScore(score.value, score.scale);
    confidence = scoreConfidence(sentiment, comment);
    reasons.push(scoreReason(score.value, score.scale, sentiment));
  } else if (comment?.sentiment) {
    sentiment = comment.sentiment;
    confidence = comment.confidence;
  } else {
    sentiment = 'neutral';
    confidence = 0;
    reasons.push(comment ? 'no score, and nothing in the comment to read' : 'no score and no comment');
  }
  if (comment) reasons.push(...comment.reasons);

  const issues = comment?.issues ?? [];
  for (const finding of issues) reasons.push(`issue ${finding.category}${finding.unresolved ? ' (unresolved)' : ''}: "${finding.evidence}"`);
  const urgent = issues.filter(callsForRecovery).map((finding) => finding.category);
  const recovery = sentiment === 'unhappy' || urgent.length > 0;
  if (urgent.length > 0) reasons.push(`recovery: ${urgent.join(', ')} whatever the score`);
  else if (recovery) reasons.push('recovery: an unhappy customer');

  return {
    sentiment,
    confidence: round(confidence),
    issues: issues.map((finding): IssueCategory => finding.category),
    recovery,
    language: comment?.language ?? languageOfLocale(input.locale) ?? 'und',
    reasons,
  };
}

function checkedScore(input: FeedbackInput): { value: number; scale: NonNullable<FeedbackInput['scale']> } | undefined {
  if (input.score === undefined) return undefined;
  if (!input.scale) throw new InvalidFeedbackInputError(['scale: a score needs its scale: nps, csat or stars']);
  const problem = scoreProblem(input.score, input.scale);
  if (problem) throw new InvalidFeedbackInputError([`score: ${problem}`]);
  return { value: input.score, scale: input.scale };
}

const SCORE_BANDS: Readonly<Record<NonNullable<FeedbackInput['scale']>, Readonly<Record<Sentiment, string>>>> = {
  nps: { happy: '9–10: promoter', neutral: '7–8: passive', unhappy: '0–6: detractor' },
  csat: { happy: '4–5', neutral: '3', unhappy: '1–2' },
  stars: { happy: '4–5', neutral: '3', unhappy: '1–2' },
};

function scoreReason(value: number, scale: NonNullable<FeedbackInput['scale']>, sentiment: Sentiment): string {
  return `${SCALES[scale].label} score ${value} decides: ${sentiment} (${SCORE_BANDS[scale][sentiment]})`;
}

/** A score is the customer's own answer; a comment that reads the other way makes it less sure. */
function scoreConfidence(sentiment: Sentiment, comment: CommentVerdict | undefined): number {
  const read = comment?.sentiment;
  if (!read || read === 'neutral' || sentiment === 'neutral') return 0.9;
  return read === sentiment ? 0.9 + 0.08 * comment.confidence : 0.9 - 0.3 * comment.confidence;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
