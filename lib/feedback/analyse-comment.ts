import { findIssues, type IssueFinding } from './issues.ts';
import { detectLanguage } from './language.ts';
import { readPolarity, type PolarityReading } from './polarity.ts';
import { tokenize, type TokenBuffer } from './tokenize.ts';
import { lookUpVocabulary, slotOf } from './vocabulary.ts';

/**
 * What the rules read in a comment, in one pass shared by the classifier and the training
 * script (so the model is trained on exactly the inputs it is later given): the tokens, the
 * language, the lexicon reading (negation, contrast, intensity) and the issues named.
 */
export interface CommentAnalysis {
  tokens: TokenBuffer;
  /** ISO 639-1 code, or 'und'. */
  language: string;
  /** Lexicon slot the language is read with (vocabulary.ts). */
  slot: number;
  reading: PolarityReading;
  issues: IssueFinding[];
}

/**
 * Analyses `comment`; `locale` (BCP-47) is a hint for short comments. The tokens go into
 * `buffer`, by default one the next call overwrites.
 */
export function analyseComment(comment: string, locale?: string, buffer?: TokenBuffer): CommentAnalysis {
  const tokens = tokenize(comment, buffer);
  lookUpVocabulary(tokens);
  const language = detectLanguage(tokens, locale);
  const slot = slotOf(language);
  return { tokens, language, slot, reading: readPolarity(tokens, slot), issues: findIssues(tokens, language) };
}
