import { addCharGrams, bigramHash, isToneMark, maxCharGrams, negatedHash, wordHash } from './features.ts';
import type { Calibration, LoadedModel } from './model.ts';
import { BOUNDARY, COMMA, SYMBOL, type TokenBuffer } from './tokenize.ts';
import { CONTRAST, NEGATOR } from './vocabulary.ts';

/**
 * Scores a comment with the trained model, word by word: the same number as
 * `linearScore(extractFeatures(…))`, without listing the features. A word's own features (its
 * unigram, negated or not, and its character n-grams) always add the same amount, so each word's
 * share is computed once and remembered; per comment only the bigrams and the normalisation
 * remain. Most words of feedback repeat ("the", "dress", "fast"), so this is the classifier's
 * fast path.
 */
interface WordShare {
  hash: number;
  /** Weight of the unigram, and of its negated form. */
  plain: number;
  negated: number;
  /** Sum of the weighted character n-gram features (plain and negated), and of their squared values. */
  grams: number;
  negatedGrams: number;
  gramSquares: number;
}

/** Enough for the vocabulary of a busy shop; past it the memory starts over rather than grow. */
const MAX_REMEMBERED_WORDS = 50_000;

export interface ModelScorer {
  /** Log-odds that the comment in `tokens` (after `lookUpVocabulary`) is from a happy customer. */
  score(tokens: TokenBuffer, slot: number, dense: Float64Array): number;
  /** How the model's log-odds become a confidence, and which confidence is enough to route on. */
  readonly calibration: Calibration;
}

export function createModelScorer(model: LoadedModel): ModelScorer {
  const { quantised, scale, settings } = model;
  const mask = (1 << settings.bits) - 1;
  const grams = new Int32Array(Math.max(1, maxCharGrams(settings)));
  const remembered = new Map<string, WordShare>();
  const weight = (index: number): number => (quantised[index] ?? 0) * scale;

  const shareOf = (text: string): WordShare => {
    let share = remembered.get(text);
    if (share) return share;
    const hash = wordHash(text);
    const sumOfGrams = (negated: boolean): number => {
      const count = addCharGrams(text, negated, settings, mask, grams, 0);
      let sum = 0;
      for (let j = 0; j < count; j++) sum += weight(grams[j] ?? 0);
      return sum * settings.charWeight;
    };
    share = {
      hash,
      plain: weight(hash & mask),
      negated: weight(negatedHash(hash) & mask),
      grams: sumOfGrams(false),
      negatedGrams: sumOfGrams(true),
      gramSquares: addCharGrams(text, false, settings, mask, grams, 0) * settings.charWeight * settings.charWeight,
    };
    if (remembered.size >= MAX_REMEMBERED_WORDS) remembered.clear();
    remembered.set(text, share);
    return share;
  };

  const squaredContrast = settings.contrastFactor * settings.contrastFactor;

  return {
    calibration: model.calibration,
    score(tokens, slot, dense) {
      const { texts, kinds, entries } = tokens;
      let dot = 0;
      let squares = 0;
      let previous = 0;
      let negationLeft = 0;
      for (let i = 0; i < tokens.length; i++) {
        const kind = kinds[i];
        const text = texts[i] ?? '';
        if (kind === BOUNDARY || kind === COMMA) {
          previous = 0;
          negationLeft = 0;
          if (isToneMark(text)) {
            dot += shareOf(text).plain;
            squares += 1;
          }
          continue;
        }
        const share = shareOf(text);
        if (kind === SYMBOL) {
          dot += share.plain;
          squares += 1;
          previous = 0;
          continue;
        }
        const role = entries[i]?.role[slot] ?? 0;
        if (role & CONTRAST) {
          dot *= settings.contrastFactor;
          squares *= squaredContrast;
          negationLeft = 0;
        }
        dot += negationLeft > 0 ? share.negated + share.negatedGrams : share.plain + share.grams;
        squares += 1 + share.gramSquares;
        if (settings.bigrams && previous !== 0) {
          dot += weight(bigramHash(previous, share.hash) & mask);
          squares += 1;
        }
        previous = share.hash;
        if (role & NEGATOR) negationLeft = settings.negationScope + 1;
        if (negationLeft > 0) negationLeft--;
      }
      let z = model.bias + (squares > 0 ? dot / Math.sqrt(squares) : 0);
      for (let j = 0; j < dense.length; j++) z += (model.dense[j] ?? 0) * (dense[j] ?? 0);
      return z;
    },
  };
}
