import { combine, fnv1a } from './hash.ts';
import { BOUNDARY, COMMA, SYMBOL, type TokenBuffer } from './tokenize.ts';
import { CONTRAST, NEGATOR } from './vocabulary.ts';

/**
 * The hashed feature space of the trained model: word unigrams, word bigrams within a clause,
 * "!" and "?", emoji, and character n-grams of each word (robust to typos, inflection and the
 * informal spellings of Indonesian marketplace reviews). A word within a negation's reach has
 * its unigram and n-grams in a separate, negated space. What comes
 * before a contrast word is scaled down, and the vector is L2-normalised so long reviews are
 * not over-confident.
 *
 * `extractFeatures` lists the features one by one: training reads it, and it is the definition.
 * The classifier scores the same features faster, word by word (model-scorer.ts); a test checks
 * that both give the same score.
 */
export interface FeatureSettings {
  /** The hashed space has 2^bits weights. */
  bits: number;
  /** Character n-gram lengths, inclusive; charGramMax 0 turns them off. */
  charGramMin: number;
  charGramMax: number;
  /** Value of one character n-gram relative to one word. */
  charWeight: number;
  bigrams: boolean;
  /** Features before a "but" are multiplied by this. */
  contrastFactor: number;
  /** Words after a negator that are marked as negated. */
  negationScope: number;
}

const NEGATED_SALT = 0x2545f491;
const BIGRAM_SALT = 0x3c6ef372;
const CHAR_SEED = 0x1b873593;
/** Character n-grams of a negated word live apart too: "not bad" must not read like "bad". */
const NEGATED_CHAR_SEED = 0x68e31da4;
/** Longer "words" (URLs, keyboard mashing) give n-grams of their first 24 characters only. */
const MAX_GRAM_WORD = 24;

export const wordHash = (text: string): number => fnv1a(text);
export const negatedHash = (word: number): number => combine(word, NEGATED_SALT);
export const bigramHash = (previous: number, word: number): number => combine(previous ^ BIGRAM_SALT, word);

/** How many character n-grams `addCharGrams` writes for a word: at most this many. */
export function maxCharGrams(settings: FeatureSettings): number {
  return settings.charGramMax > 0 ? (settings.charGramMax - settings.charGramMin + 1) * (MAX_GRAM_WORD + 2) : 0;
}

/**
 * Writes the masked hashes of the character n-grams of "<word>" into `indices` from `start`,
 * hashed straight from the char codes (no substrings); returns the index after the last.
 */
export function addCharGrams(text: string, negated: boolean, settings: FeatureSettings, mask: number, indices: Int32Array, start: number): number {
  if (settings.charGramMax <= 0) return start;
  let count = start;
  const length = Math.min(text.length, MAX_GRAM_WORD) + 2;
  for (let n = settings.charGramMin; n <= settings.charGramMax; n++) {
    for (let from = 0; from + n <= length; from++) {
      let hash = (negated ? NEGATED_CHAR_SEED : CHAR_SEED) ^ n;
      for (let k = from; k < from + n; k++) {
        const code = k === 0 ? 60 : k === length - 1 ? 62 : text.charCodeAt(k - 1);
        hash ^= code;
        hash = Math.imul(hash, 0x01000193);
      }
      indices[count++] = (hash ^ (hash >>> 15)) & mask;
    }
  }
  return count;
}

export interface FeatureBuffer {
  indices: Int32Array;
  values: Float32Array;
  count: number;
}

export function createFeatureBuffer(): FeatureBuffer {
  return { indices: new Int32Array(1024), values: new Float32Array(1024), count: 0 };
}

function grow(buffer: FeatureBuffer, needed: number): void {
  if (needed <= buffer.indices.length) return;
  const size = Math.max(needed, buffer.indices.length * 2);
  buffer.indices = new Int32Array(size);
  buffer.values = new Float32Array(size);
}

/** Whether a sentence mark is a feature: "!" and "?" carry tone, "." and "," do not. */
export const isToneMark = (text: string): boolean => text !== '.' && text !== ',';

/**
 * Fills `out` with the hashed features of `tokens` (after `lookUpVocabulary`), reading negators
 * and contrast words from lexicon `slot`.
 */
export function extractFeatures(tokens: TokenBuffer, slot: number, settings: FeatureSettings, out: FeatureBuffer): FeatureBuffer {
  const mask = (1 << settings.bits) - 1;
  const { texts, kinds, entries } = tokens;
  let count = 0;
  let previous = 0;
  let negationLeft = 0;
  grow(out, 16 + tokens.length * (2 + maxCharGrams(settings)));
  const { indices, values } = out;

  for (let i = 0; i < tokens.length; i++) {
    const kind = kinds[i];
    const text = texts[i] ?? '';
    if (kind === BOUNDARY || kind === COMMA) {
      previous = 0;
      negationLeft = 0;
      if (isToneMark(text)) {
        indices[count] = wordHash(text) & mask;
        values[count++] = 1;
      }
      continue;
    }
    const word = wordHash(text);
    if (kind === SYMBOL) {
      indices[count] = word & mask;
      values[count++] = 1;
      previous = 0;
      continue;
    }
    const role = entries[i]?.role[slot] ?? 0;
    if (role & CONTRAST) {
      for (let j = 0; j < count; j++) values[j] = (values[j] ?? 0) * settings.contrastFactor;
      negationLeft = 0;
    }
    indices[count] = (negationLeft > 0 ? negatedHash(word) : word) & mask;
    values[count++] = 1;
    if (settings.bigrams && previous !== 0) {
      indices[count] = bigramHash(previous, word) & mask;
      values[count++] = 1;
    }
    previous = word;
    const gramsEnd = addCharGrams(text, negationLeft > 0, settings, mask, indices, count);
    values.fill(settings.charWeight, count, gramsEnd);
    count = gramsEnd;
    if (role & NEGATOR) negationLeft = settings.negationScope + 1;
    if (negationLeft > 0) negationLeft--;
  }

  let norm = 0;
  for (let j = 0; j < count; j++) norm += (values[j] ?? 0) * (values[j] ?? 0);
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let j = 0; j < count; j++) values[j] = (values[j] ?? 0) * scale;
  }
  out.count = count;
  return out;
}
