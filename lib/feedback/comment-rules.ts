import { analyseComment, type CommentAnalysis } from './analyse-comment.ts';
import { callsForRecovery, type IssueFinding } from './issues.ts';
import { SYMBOL } from './tokenize.ts';
import type { IssueCategory } from './types.ts';
import { findVerdictCues, type VerdictCues } from './verdict-cues.ts';

/**
 * What the written rules read in a comment, without the trained model: the analysis (tokens,
 * language, lexicon reading, issues named) and the phrase cues. `readComment` builds its verdict on
 * it, and the thank-you page decides its apology with it alone, so the customer pages do not carry
 * the model (about 700 KB): whatever the rules find here, the feedback function finds the same.
 */
export interface CommentRules {
  analysis: CommentAnalysis;
  /** Undefined when the comment has no words and no emoji: nothing to read, no cue looked for. */
  cues: VerdictCues | undefined;
  /** The customer says the problem was put right (verdict-cues.ts): praise, not a recovery case. */
  resolved: boolean;
  /** A complaint asked as a question or request ("where is my refund?"): a recovery case. */
  request: boolean;
}

function hasSymbols(analysis: CommentAnalysis): boolean {
  for (let i = 0; i < analysis.tokens.length; i++) if (analysis.tokens.kinds[i] === SYMBOL) return true;
  return false;
}

/** Reads `comment` by the rules (locale: the BCP-47 hint of the page or survey). */
export function readCommentRules(comment: string, locale: string | undefined): CommentRules {
  const analysis = analyseComment(comment, locale);
  if (analysis.tokens.words === 0 && !hasSymbols(analysis)) return { analysis, cues: undefined, resolved: false, request: false };
  const cues = findVerdictCues(analysis.tokens, analysis.language);
  return { analysis, cues, resolved: cues.resolved !== undefined && cues.request === undefined, request: cues.request !== undefined };
}

/**
 * The issues a person must act on whatever the score: one that calls for recovery, unless the
 * customer says the problem was put right (a refund or charge still wrong calls for it even then).
 */
export function urgentIssues(read: { readonly issues: readonly IssueFinding[]; readonly resolved: boolean }): IssueCategory[] {
  return read.issues.filter((finding) => callsForRecovery(finding) && (!read.resolved || finding.unresolved)).map((finding) => finding.category);
}
