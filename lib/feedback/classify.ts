import { urgentIssues } from './comment-rules.ts';
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

  // A happy or unhappy reading of the comment alone is trusted to route on only above the
  // calibrated threshold (the model's, fitted on domains it never saw: calibration.ts).
  const minimum = scorer.calibration.minimumConfidence;
  const notConfidentReason = !score && sentiment !== 'neutral' && confidence < minimum ? `not confident: the comment alone reads ${sentiment} at ${round(confidence)}, below the calibrated ${minimum}; routed as neutral` : undefined;
  if (notConfidentReason) reasons.push(notConfidentReason);

  const issues = comment?.issues ?? [];
  for (const finding of issues) reasons.push(`issue ${finding.category}${finding.unresolved ? ' (unresolved)' : ''}: "${finding.evidence}"`);
  // A problem the customer says was put right needs no one, except a refund or charge still wrong.
  const urgent = urgentIssues({ issues, resolved: comment?.resolved ?? false });
  if (comment?.resolved && issues.some(callsForRecovery) && urgent.length === 0) reasons.push('no recovery: the customer says the problem was put right');
  const request = comment?.request === true;
  const recovery = (sentiment === 'unhappy' && !notConfidentReason) || urgent.length > 0 || request;
  if (urgent.length > 0) reasons.push(`recovery: ${urgent.join(', ')} whatever the score`);
  else if (request) reasons.push('recovery: a complaint asked as a question or request');
  else if (recovery) reasons.push('recovery: an unhappy customer');

  return {
    sentiment,
    confidence: round(confidence),
    issues: issues.map((finding): IssueCategory => finding.category),
    recovery,
    confident: notConfidentReason === undefined,
    ...(notConfidentReason ? { notConfidentReason } : {}),
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
