import type { FeedbackEvent } from '../../events/feedback-event.ts';
import type { ClassifierInput, FeedbackClassification } from './classifier-port.ts';

/**
 * What afterglow does about one feedback (pure). Happiness targets only what may be targeted:
 * referral invitations and testimonial requests. Unhappiness or a problem named (even under a
 * high score) goes to recovery, in addition to everything else — never instead of a public review
 * invitation, which is not decided here at all (it is sentiment-blind; see journey/).
 */
export interface RoutingDecision {
  /** Invite the customer to refer friends. */
  readonly referral: boolean;
  /** `request`: ask to quote the comment; `consented`: permission was given with the answer; `revoked`: withdrawn. */
  readonly testimonial: 'request' | 'consented' | 'revoked' | 'none';
  /** Raise a RecoverySignal so a person follows up. */
  readonly recovery: boolean;
  readonly reasons: readonly string[];
}

/** What the classifier reads of one feedback: its score, comment and language, nothing else. */
export const classifierInputOf = (event: Pick<FeedbackEvent, 'score' | 'comment' | 'locale'>): ClassifierInput => ({
  ...(event.score ? { score: event.score.value, scale: event.score.scale } : {}),
  ...(event.comment ? { comment: event.comment } : {}),
  ...(event.locale ? { locale: event.locale } : {}),
});

/**
 * The one predicate that opens a recovery case: an unhappy answer, or a problem named that a
 * person must act on, whatever the score. The feedback function raises its signal by it; the
 * thank-you page apologises by the part of it that needs no model (certain-recovery.ts), so the
 * page never promises a reply no case will bring.
 */
export const needsRecovery = (classification: Pick<FeedbackClassification, 'sentiment' | 'recovery' | 'confident'>): boolean =>
  routedSentiment(classification) === 'unhappy' || classification.recovery;

/**
 * The sentiment routing acts on: the classifier's, except that a comment-only reading it is not
 * confident of (below the calibrated threshold, `confident: false`) counts as neutral: no
 * referral ask, no recovery case on sentiment alone.
 */
export function routedSentiment(classification: Pick<FeedbackClassification, 'sentiment' | 'confident'>): FeedbackClassification['sentiment'] {
  return classification.confident === false ? 'neutral' : classification.sentiment;
}

/** A comment worth quoting says something: a bare "ok" is not a testimonial. */
export const MIN_TESTIMONIAL_LENGTH = 20;

export const decideRouting = (event: FeedbackEvent, classification: FeedbackClassification): RoutingDecision => {
  const reasons: string[] = [];
  const sentiment = routedSentiment(classification);
  const recovery = needsRecovery(classification);
  if (classification.confident === false) reasons.push(`not confident of "${classification.sentiment}": routed as neutral`);
  if (sentiment === 'unhappy') reasons.push('unhappy: recovery');
  if (classification.recovery) reasons.push(`issues needing a person (${classification.issues.join(', ') || 'recovery words'}): recovery`);

  const happy = sentiment === 'happy';
  // A happy customer with an open problem hears from the service team first, not from marketing.
  const advocacy = happy && !recovery;
  if (happy && recovery) reasons.push('happy, but advocacy waits while a problem is open');

  const referral = advocacy && event.orderId !== null;
  if (referral) reasons.push('happy: referral invitation');

  const comment = event.comment?.trim() ?? '';
  const consent = event.testimonialConsent;
  let testimonial: RoutingDecision['testimonial'] = 'none';
  if (consent && !consent.granted) testimonial = 'revoked';
  else if (consent?.granted && comment.length > 0) testimonial = 'consented';
  else if (advocacy && comment.length >= MIN_TESTIMONIAL_LENGTH) testimonial = 'request';
  if (testimonial !== 'none') reasons.push(`testimonial: ${testimonial}`);

  return { referral, testimonial, recovery, reasons };
};
