import { combine, fnv1a } from './hash.ts';
import { BOUNDARY, COMMA, SYMBOL, type TokenBuffer } from './tokenize.ts';
import { CONTRAST, NEGATOR } from './vocabulary.ts';

/**
 * The hashed feature space of the trained model, shared by training and classification so
 * both see exactly the same numbers: word unigrams (marked when negated), word bigrams within
 * a clause, and character n-grams of each word (robust to typos, inflection and the informal
 * spellings of Indonesian marketplace reviews). What comes before a contrast word is scaled
 * down, and the vector is L2-normalised so long reviews are not over-confident.
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
const MAX_GRAM_WORD = 24;

export interface FeatureBuffer {
  indices: Int32Array;
  values: Float32Array;
  count: number;
}

const shared: FeatureBuffer = { indices: new Int32Array(1024), values: new Float32Array(1024), count: 0 };

function grow(buffer: FeatureBuffer, needed: number): void {
  if (needed <= buffer.indices.length) return;
  const size = Math.max(needed, buffer.indices.length * 2);
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  indices.set(buffer.indices);
  values.set(buffer.values);
  buffer.indices = indices;
  buffer.values = values;
}

/**
 * Fills `out` (by default a module-level buffer the next call overwrites) with the hashed
 * features of `tokens` (after `lookUpVocabulary`), reading negators and contrast words from
 * lexicon `slot`.
 */
export function extractFeatures(tokens: TokenBuffer, slot: number, settings: FeatureSettings, out: FeatureBuffer = shared): FeatureBuffer {
  const mask = (1 << settings.bits) - 1;
  const { texts, kinds, entries } = tokens;
  const grams = settings.charGramMax > 0;
  const charWeight = settings.charWeight;
  let count = 0;
  let previous = 0;
  let negationLeft = 0;
  grow(out, 16 + tokens.length * (2 + (grams ? (settings.charGramMax - settings.charGramMin + 1) * (MAX_GRAM_WORD + 2) : 0)));
  const { indices, values } = out;

  for (let i = 0; i < tokens.length; i++) {
    const kind = kinds[i];
    const text = texts[i] ?? '';
    if (kind === BOUNDARY || kind === COMMA) {
      previous = 0;
      negationLeft = 0;
      if (text !== '.' && text !== ',') {
        indices[count] = fnv1a(text) & mask;
        values[count++] = 1;
      }
      continue;
    }
    const word = fnv1a(text);
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
    indices[count] = (negationLeft > 0 ? combine(word, NEGATED_SALT) : word) & mask;
    values[count++] = 1;
    if (settings.bigrams && previous !== 0) {
      indices[count] = combine(previous ^ BIGRAM_SALT, word) & mask;
      values[count++] = 1;
    }
    previous = word;
    if (grams) count = addCharGrams(text, settings, mask, charWeight, indices, values, count);
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

/** Character n-grams of "<word>", hashed straight from the char codes (no substrings). */
function addCharGrams(
  text: string,
  settings: FeatureSettings,
  mask: number,
  weight: number,
  indices: Int32Array,
  values: Float32Array,
  start: number,
): number {
  let count = start;
  const length = Math.min(text.length, MAX_GRAM_WORD) + 2;
  for (let n = settings.charGramMin; n <= settings.charGramMax; n++) {
    for (let from = 0; from + n <= length; from++) {
      let hash = CHAR_SEED ^ n;
      for (let k = from; k < from + n; k++) {
        const code = k === 0 ? 60 : k === length - 1 ? 62 : text.charCodeAt(k - 1);
        hash ^= code;
        hash = Math.imul(hash, 0x01000193);
      }
      indices[count] = (hash ^ (hash >>> 15)) & mask;
      values[count++] = weight;
    }
  }
  return count;
}
