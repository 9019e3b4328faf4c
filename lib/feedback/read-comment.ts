import type { CommentAnalysis } from './analyse-comment.ts';
import { readCommentRules } from './comment-rules.ts';
import { callsForRecovery, type IssueFinding } from './issues.ts';
import { DENSE_FEATURES, fillDense } from './model.ts';
import type { ModelScorer } from './model-scorer.ts';
import type { Sentiment } from './types.ts';
import type { VerdictCues } from './verdict-cues.ts';
import { modelReads } from './vocabulary.ts';

/**
 * The sentiment of a comment on its own. English and Indonesian (and text too short to place)
 * are read by the trained model, which takes the lexicon reading as inputs; French, Spanish and
 * German by their lexicons with negation, contrast and intensity (polarity.ts). Either way the
 * issues a comment names count against it: a complaint among praise is still a complaint.
 */
export interface CommentVerdict {
  language: string;
  /** Undefined when the comment carries nothing to read (no words, no emoji). */
  sentiment: Sentiment | undefined;
  /** 0–1: how sure the reading is of `sentiment` (calibrated for the trained model's readings). */
  confidence: number;
  /** The trained model's log-odds of a happy customer, before calibration (for fitting it). */
  logit?: number;
  issues: IssueFinding[];
  /** The customer says the problem was put right (verdict-cues.ts): praise, not a recovery case. */
  resolved: boolean;
  /** A complaint asked as a question or request ("where is my refund?"): a recovery case. */
  request: boolean;
  reasons: string[];
}

/** How sure a verdict the phrase rules decide is (verdict-cues.ts): they are written to be clear. */
const CUE_CONFIDENCE = 0.8;
const BLAND_CONFIDENCE = 0.7;

/** Log-odds within this distance of even read as neutral: the model cannot tell. */
export const MODEL_NEUTRAL_BAND = 0.1;
/**
 * Negative signals weigh more than positive ones: a comment naming an issue reads happy only when
 * the model is sure despite it. Log-odds taken off for an issue a service team must hear of
 * (damage, loss, …) and for any other issue (a slow delivery, a so-so fabric).
 */
const URGENT_ISSUE_PULL = 1.5;
const ISSUE_PULL_LOGIT = 0.5;
/** How much surer each intensified word makes the model (and less sure each softened one). */
const INTENSITY_GAIN = 0.25;
/** Each issue named moves a lexicon reading this far towards unhappy (a "clear" word is 2). */
const ISSUE_PULL = 2;
/** A lexicon reading within this distance of zero is neutral. */
const RULE_NEUTRAL_BAND = 0.5;
/** "ok", "meh", "bof", "lumayan" alone, or with a word or two of mild polarity, answer so-so. */
const SHORT_ANSWER_WORDS = 3;
const SHORT_ANSWER_MAX_POLARITY = 1.5;

const dense = new Float64Array(DENSE_FEATURES.length);

const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  fr: 'French',
  es: 'Spanish',
  de: 'German',
  id: 'Indonesian',
  und: 'an undetermined language',
};
const languageName = (code: string) => LANGUAGE_NAMES[code] ?? `"${code}"`;
const percent = (value: number) => `${Math.round(value * 100)} %`;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function wordReasons(analysis: CommentAnalysis): string[] {
  const { reading, tokens } = analysis;
  const reasons: string[] = [];
  const quoted = (at: number) => `"${tokens.texts[at] ?? ''}"`;
  if (reading.strongestPositive >= 0) reasons.push(`strongest positive wording: ${quoted(reading.strongestPositive)}`);
  if (reading.strongestNegative >= 0) reasons.push(`strongest negative wording: ${quoted(reading.strongestNegative)}`);
  if (reading.negated > 0) reasons.push(`negation: ${reading.negated} sentiment word${reading.negated > 1 ? 's' : ''} read as negated`);
  if (reading.contrast) reasons.push('contrast: what follows "but" (or its kin) counts more than what precedes it');
  return reasons;
}

function byModel(analysis: CommentAnalysis, scorer: ModelScorer): { sentiment: Sentiment; confidence: number; reason: string; logit: number } {
  fillDense(analysis, dense);
  const pull = analysis.issues.some(callsForRecovery) ? URGENT_ISSUE_PULL : analysis.issues.length > 0 ? ISSUE_PULL_LOGIT : 0;
  const modelled = scorer.score(analysis.tokens, analysis.slot, dense) - pull;
  // The model weighs words, not degrees: an intensifier ("very", "sangat") or a softener ("a bit")
  // on a word that agrees with the model makes it surer or less sure, never changes its side.
  const agrees = Math.sign(analysis.reading.score) === Math.sign(modelled);
  const logit = agrees ? modelled * Math.max(0.5, 1 + INTENSITY_GAIN * Math.max(-2, Math.min(2, analysis.reading.intensified))) : modelled;
  const happy = sigmoid(scorer.calibration.temperature * logit);
  const reason = `comment read in ${languageName(analysis.language)} by the trained model: ${percent(happy)} likely from a happy customer`;
  // Neutral here means "cannot tell": no more sure of it than of a coin toss.
  if (Math.abs(logit) < MODEL_NEUTRAL_BAND) return { sentiment: 'neutral', confidence: 0.5, reason, logit };
  return logit > 0 ? { sentiment: 'happy', confidence: happy, reason, logit } : { sentiment: 'unhappy', confidence: 1 - happy, reason, logit };
}

function byLexicon(analysis: CommentAnalysis): { sentiment: Sentiment; confidence: number; reason: string } {
  const score = analysis.reading.score - ISSUE_PULL * analysis.issues.length;
  const how = analysis.language in LANGUAGE_NAMES ? `read in ${languageName(analysis.language)} with its lexicon` : `in ${languageName(analysis.language)}, a language afterglow does not read: only emoji and words it shares with the five lexicons count`;
  const reason = `comment ${how}: ${score >= 0 ? '+' : ''}${score.toFixed(1)}`;
  const certainty = 0.5 + 0.45 * (1 - Math.exp(-Math.abs(score) / 2));
  if (Math.abs(score) < RULE_NEUTRAL_BAND) return { sentiment: 'neutral', confidence: analysis.reading.hits > 0 ? 0.6 : 0.5, reason };
  return { sentiment: score > 0 ? 'happy' : 'unhappy', confidence: certainty, reason };
}

function isShortNeutralAnswer(analysis: CommentAnalysis): boolean {
  const { reading } = analysis;
  return reading.words <= SHORT_ANSWER_WORDS && reading.neutralMarkers > 0 && Math.abs(reading.score) <= SHORT_ANSWER_MAX_POLARITY && analysis.issues.length === 0;
}

/** Reads `comment` (locale: the BCP-47 hint of the page or survey) with the trained model in `scorer`. */
export function readComment(comment: string, locale: string | undefined, scorer: ModelScorer): CommentVerdict {
  const { analysis, cues, resolved, request } = readCommentRules(comment, locale);
  const { language, issues } = analysis;
  if (!cues) {
    return { language, sentiment: undefined, confidence: 0, issues, resolved, request, reasons: ['the comment has no words to read'] };
  }
  if (isShortNeutralAnswer(analysis)) {
    return { language, sentiment: 'neutral', confidence: 0.75, issues, resolved, request, reasons: ['a short so-so answer ("ok", "meh", …)'] };
  }
  const verdict: { sentiment: Sentiment; confidence: number; reason: string; logit?: number } = modelReads(language) ? byModel(analysis, scorer) : byLexicon(analysis);
  const reasons = [verdict.reason, ...wordReasons(analysis)];
  const decided = byCue(cues, analysis, verdict);
  if (decided) {
    reasons.unshift(decided.reason);
    return { language, sentiment: decided.sentiment, confidence: decided.confidence, issues, resolved, request, reasons };
  }
  const read: CommentVerdict = { language, sentiment: verdict.sentiment, confidence: verdict.confidence, issues, resolved, request, reasons };
  if (verdict.logit !== undefined) read.logit = verdict.logit;
  return read;
}

/**
 * The phrase rules' verdict where one applies, else undefined (the reading stands). In order: a
 * request or question about a problem is a complaint; a problem put right is praise; a
 * counterfactual verdict is a complaint; praise in negative words is praise (unless a problem
 * that needs a person is named too); a short so-so answer naming no issue is neutral.
 */
function byCue(cues: VerdictCues, analysis: CommentAnalysis, reading: { sentiment: Sentiment; confidence: number }): { sentiment: Sentiment; confidence: number; reason: string } | undefined {
  const agreeing = (sentiment: Sentiment, floor: number) => (reading.sentiment === sentiment ? Math.max(reading.confidence, floor) : floor);
  if (cues.request) return { sentiment: 'unhappy', confidence: agreeing('unhappy', CUE_CONFIDENCE), reason: `a complaint asked as a question or request: "${cues.request}"` };
  if (cues.resolved) return { sentiment: 'happy', confidence: agreeing('happy', CUE_CONFIDENCE), reason: `a problem the customer says was put right: "${cues.resolved}"` };
  if (cues.counterfactual) return { sentiment: 'unhappy', confidence: agreeing('unhappy', CUE_CONFIDENCE), reason: `a verdict the product did not earn ("would be … if"): "${cues.counterfactual}"` };
  if (cues.praise && !analysis.issues.some(callsForRecovery)) return { sentiment: 'happy', confidence: agreeing('happy', CUE_CONFIDENCE), reason: `praise in negative words: "${cues.praise}"` };
  if (cues.bland && analysis.issues.length === 0) return { sentiment: 'neutral', confidence: BLAND_CONFIDENCE, reason: `a so-so verdict: "${cues.bland}"` };
  return undefined;
}
