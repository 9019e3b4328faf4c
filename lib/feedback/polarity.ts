import { BOUNDARY, COMMA, SYMBOL, WORD, type TokenBuffer } from './tokenize.ts';
import { CONTRAST, DIMINISHER, INTENSIFIER, NEGATOR, NEUTRAL, type PhraseEntry, type VocabEntry } from './vocabulary.ts';

/**
 * The rule-based reading of a comment against one language's lexicon: negation, contrast,
 * intensifiers and a negativity bias. It is the whole text reading for French, Spanish and
 * German, and two features of the trained model for English and Indonesian.
 */
export interface PolarityReading {
  /** Signed sum after negation, intensity, contrast and the negativity bias. */
  score: number;
  /** Magnitudes of the positive and negative contributions (same weighting as `score`). */
  positive: number;
  negative: number;
  /** Sentiment words and phrases found (emoji included). */
  hits: number;
  /** "ok", "meh", "bof", "lumayan": answers that mean so-so. */
  neutralMarkers: number;
  words: number;
  /** Sentiment words read as negated ("not good", "nicht gut"). */
  negated: number;
  /** A "but" (or its kin) re-weighted the comment. */
  contrast: boolean;
  /** Sentiment words read strengthened ("very good") or softened ("a bit slow"): +1 and −1 each. */
  intensified: number;
  /** Token index of the strongest positive and negative contribution, -1 if none (for reasons). */
  strongestPositive: number;
  strongestNegative: number;
}

/** Negative wording weighs more than positive: a complaint among praise is still a complaint. */
export const NEGATIVE_WEIGHT = 1.5;
/** What came before a "but" counts this much; the clause after it dominates. */
export const CONTRAST_FACTOR = 0.5;
const NEGATION_SCOPE = 3;
/** "not good" is worse than neutral but milder than "bad"; "not bad" is faintly positive. */
const NEGATED_POSITIVE = -0.75;
const NEGATED_NEGATIVE = -0.5;
const INTENSITY = 1.5;
const MAX_INTENSITY = 2.25;

/** Languages that put the negation after the verb: "funktioniert nicht", "marche pas". */
const POST_NEGATION_SLOTS = new Set([1, 3]); // fr, de

function phraseAt(buffer: TokenBuffer, entry: VocabEntry, i: number, slot: number): PhraseEntry | undefined {
  if (!entry.phrases || i + 1 >= buffer.length || buffer.kinds[i + 1] !== WORD) return undefined;
  const phrase = entry.phrases.get(buffer.texts[i + 1] ?? '');
  if (!phrase || (phrase.polarity[slot] === 0 && phrase.role[slot] === 0)) return undefined;
  return phrase;
}

function polarWordAhead(buffer: TokenBuffer, from: number, slot: number): boolean {
  for (let j = from; j < buffer.length && j < from + NEGATION_SCOPE; j++) {
    const kind = buffer.kinds[j];
    if (kind === BOUNDARY || kind === COMMA) return false;
    const entry = buffer.entries[j];
    if (entry && (entry.polarity[slot] !== 0 || entry.phrases)) return true;
  }
  return false;
}

/** The running sums of one reading (a class, not a closure: this is the hot path). */
class Tally {
  score = 0;
  positive = 0;
  negative = 0;
  hits = 0;
  bestPositive = 0;
  bestNegative = 0;
  strongestPositive = -1;
  strongestNegative = -1;
  lastPolarAt = -1;
  lastPolarValue = 0;

  /** Adds one sentiment word's contribution; negative wording weighs NEGATIVE_WEIGHT times more. */
  add(value: number, at: number): void {
    let weighted = value;
    if (weighted < 0) {
      weighted *= NEGATIVE_WEIGHT;
      this.negative -= weighted;
      if (-weighted > this.bestNegative) {
        this.bestNegative = -weighted;
        this.strongestNegative = at;
      }
    } else {
      this.positive += weighted;
      if (weighted > this.bestPositive) {
        this.bestPositive = weighted;
        this.strongestPositive = at;
      }
    }
    this.score += weighted;
    this.hits++;
    this.lastPolarAt = at;
    this.lastPolarValue = weighted;
  }
}

/** Reads `buffer` (after `lookUpVocabulary`) with the lexicon of `slot` (see LEXICON_SLOTS). */
export function readPolarity(buffer: TokenBuffer, slot: number): PolarityReading {
  const { kinds, entries } = buffer;
  const tally = new Tally();
  let neutralMarkers = 0;
  let negated = 0;
  let contrast = false;
  let intensified = 0;
  let negationLeft = 0;
  let intensity = 1;
  let clauseStart = 0;

  for (let i = 0; i < buffer.length; i++) {
    const kind = kinds[i];
    if (kind === BOUNDARY || kind === COMMA) {
      negationLeft = 0;
      intensity = 1;
      clauseStart = i + 1;
      continue;
    }
    const entry = entries[i];
    if (kind === SYMBOL) {
      if (entry) {
        const value = entry.polarity[slot] ?? 0;
        if (value !== 0) tally.add(value, i);
        else if ((entry.role[slot] ?? 0) & NEUTRAL) neutralMarkers++;
      }
      continue;
    }
    if (!entry) {
      if (negationLeft > 0) negationLeft--;
      intensity = 1;
      continue;
    }
    const phrase = phraseAt(buffer, entry, i, slot);
    const role = phrase ? (phrase.role[slot] ?? 0) : (entry.role[slot] ?? 0);
    const value = phrase ? (phrase.polarity[slot] ?? 0) : (entry.polarity[slot] ?? 0);
    // A phrase that starts with a negator ("not worth", "pas terrible") already carries its
    // polarity: an earlier negation ("ce n'est pas terrible") must not flip it back.
    const phraseIsNegated = phrase !== undefined && ((entry.role[slot] ?? 0) & NEGATOR) !== 0;
    const at = i;
    if (phrase) i++;

    if (role & NEUTRAL) neutralMarkers++;
    if (role & CONTRAST) {
      tally.score *= CONTRAST_FACTOR;
      tally.positive *= CONTRAST_FACTOR;
      tally.negative *= CONTRAST_FACTOR;
      contrast = true;
      negationLeft = 0;
      intensity = 1;
      clauseStart = at + 1;
    }
    if (role & NEGATOR) {
      if (POST_NEGATION_SLOTS.has(slot) && tally.lastPolarAt >= clauseStart && at - tally.lastPolarAt <= NEGATION_SCOPE && !polarWordAhead(buffer, at + 1, slot)) {
        // "Das Produkt gefällt mir nicht": undo the last word's reading and read it negated.
        const original = tally.lastPolarValue < 0 ? tally.lastPolarValue / NEGATIVE_WEIGHT : tally.lastPolarValue;
        if (tally.lastPolarValue < 0) tally.negative += tally.lastPolarValue;
        else tally.positive -= tally.lastPolarValue;
        tally.score -= tally.lastPolarValue;
        tally.hits--;
        negated++;
        tally.add(original * (original > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE), tally.lastPolarAt);
        tally.lastPolarAt = -1;
      } else {
        negationLeft = NEGATION_SCOPE + 1;
      }
    }
    if (role & INTENSIFIER) intensity = Math.min(MAX_INTENSITY, intensity * INTENSITY);
    if (role & DIMINISHER) intensity *= 0.5;
    if (value !== 0) {
      let contribution = value * intensity;
      if (intensity > 1) intensified++;
      else if (intensity < 1) intensified--;
      if (negationLeft > 0 && !phraseIsNegated && !(role & NEGATOR)) {
        contribution *= contribution > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE;
        negated++;
      }
      tally.add(contribution, at);
      intensity = 1;
    } else if (!(role & (INTENSIFIER | DIMINISHER | NEGATOR))) {
      intensity = 1;
    }
    if (phraseIsNegated) negationLeft = 0;
    if (negationLeft > 0) negationLeft--;
  }
  return {
    score: tally.score,
    positive: tally.positive,
    negative: tally.negative,
    hits: tally.hits,
    neutralMarkers,
    words: buffer.words,
    negated,
    contrast,
    intensified,
    strongestPositive: tally.strongestPositive,
    strongestNegative: tally.strongestNegative,
  };
}
