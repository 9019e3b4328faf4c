import type { FeedbackEvent } from '../../events/feedback-event.ts';
import { readCommentRules, urgentIssues } from './comment-rules.ts';
import { sentimentFromScore } from './score.ts';

/**
 * Whether a feedback will open a recovery case for certain, told from what the customer gave and
 * the written rules alone, without the trained model, so that the customer pages need not carry it.
 * The thank-you page apologises and promises a person's reply by it.
 *
 * The recovery predicate (`needsRecovery` of `classifyFeedback`) is: an unhappy rating; or a
 * problem a person must act on (damage, loss, a wrong item, safety, legal words, a refund still
 * wrong) not put right; or a complaint asked as a request ("where is my refund?"); or, for a
 * comment with no rating, the model's confident unhappy reading of it. Everything but the last is
 * decided by the score bands and the rules (comment-rules.ts), the same code the feedback function
 * runs. So, with a rating, this answer is exactly the feedback function's (a rating decides the
 * sentiment whatever the comment's mood: score.ts); with a comment alone it can be false where a
 * case will still open on the model's reading. The page then says a neutral thanks (never "glad
 * you liked it"), and a person still writes: a reply the customer was not promised, never a
 * promise no case keeps. Tests hold both (tests/feedback/certain-recovery.test.ts).
 *
 * Weighed and not chosen: a neutral thank-you for every answer (no apology even to a 0 of 10),
 * and the lexicon's own reading of a comment (the model's input, not its verdict: it disagrees
 * with the model, and so would promise replies no case brings). The rules cost the bundle about
 * 160 KB minified, 53 KB compressed, of the 870 KB the classifier took (README, Deploy).
 */
export function recoveryCertain(answer: Pick<FeedbackEvent, 'score' | 'comment' | 'locale'>): boolean {
  if (answer.score && sentimentFromScore(answer.score.value, answer.score.scale) === 'unhappy') return true;
  if (!answer.comment?.trim()) return false;
  const rules = readCommentRules(answer.comment, answer.locale || undefined);
  return rules.request || urgentIssues({ issues: rules.analysis.issues, resolved: rules.resolved }).length > 0;
}
