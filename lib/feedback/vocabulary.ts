import { ISSUE_PATTERNS } from './issue-patterns.ts';
import frenchPrior from './lexicon-fr-vader.json' with { type: 'json' };
import { LEXICONS, NEUTRAL_SYMBOLS, SYMBOL_POLARITY, type LexiconSource } from './lexicon.ts';
import type { TokenBuffer } from './tokenize.ts';
import { DETECTED_LANGUAGES, STOPWORDS } from './stopwords.ts';
import { ISSUE_CATEGORIES, type SupportedLanguage } from './types.ts';

/**
 * Every word the rules know, compiled once into one Map so the hot path does a single lookup
 * per token and then reads plain arrays: language clues for the detector, and per lexicon
 * language a polarity and a role (negator, intensifier, …).
 */

/** Lexicon slots: the five read languages, then the union used when the language is unknown. */
export const LEXICON_SLOTS = ['en', 'fr', 'es', 'de', 'id', 'und'] as const;
export type LexiconSlot = (typeof LEXICON_SLOTS)[number];
export const UNION_SLOT = 5;

export const NEGATOR = 1;
export const INTENSIFIER = 2;
export const DIMINISHER = 4;
export const CONTRAST = 8;
export const NEUTRAL = 16;

export interface PhraseEntry {
  polarity: Float32Array;
  role: Uint8Array;
}

export interface VocabEntry {
  /** Detector weight per DETECTED_LANGUAGES index, or null when the word is no clue. */
  clues: Float32Array | null;
  polarity: Float32Array;
  role: Uint8Array;
  /** Two-word entries starting with this word, keyed by the second word. */
  phrases: Map<string, PhraseEntry> | null;
  /** Bit i set: this word is a trigger of issue category ISSUE_CATEGORIES[i] (in some language). */
  issues: number;
}

const SLOTS = LEXICON_SLOTS.length;

function words(list: string | undefined): string[] {
  return list ? list.split(/\s+/).filter(Boolean) : [];
}

function blankEntry(): VocabEntry {
  return { clues: null, polarity: new Float32Array(SLOTS), role: new Uint8Array(SLOTS), phrases: null, issues: 0 };
}

function entryFor(vocabulary: Map<string, VocabEntry>, word: string): VocabEntry {
  let entry = vocabulary.get(word);
  if (!entry) {
    entry = blankEntry();
    vocabulary.set(word, entry);
  }
  return entry;
}

/** A word or phrase ("fell_apart") → the slot arrays to write into. */
function target(vocabulary: Map<string, VocabEntry>, term: string): { polarity: Float32Array; role: Uint8Array } {
  const parts = term.split('_').filter(Boolean);
  const [first, second] = parts;
  if (!first) throw new Error(`empty lexicon term`);
  if (parts.length === 1 || !second) return entryFor(vocabulary, first);
  if (parts.length > 2) throw new Error(`lexicon phrases have two words: ${term}`);
  const entry = entryFor(vocabulary, first);
  entry.phrases ??= new Map();
  let phrase = entry.phrases.get(second);
  if (!phrase) {
    phrase = { polarity: new Float32Array(SLOTS), role: new Uint8Array(SLOTS) };
    entry.phrases.set(second, phrase);
  }
  return phrase;
}

function addLexicon(vocabulary: Map<string, VocabEntry>, slot: number, source: LexiconSource): void {
  for (const strength of [1, 2, 3] as const) {
    for (const term of words(source.positive[strength])) target(vocabulary, term).polarity[slot] = strength;
    for (const term of words(source.negative[strength])) target(vocabulary, term).polarity[slot] = -strength;
  }
  const roles: [string, number][] = [
    [source.neutral, NEUTRAL],
    [source.negators, NEGATOR],
    [source.intensifiers, INTENSIFIER],
    [source.diminishers, DIMINISHER],
    [source.contrast, CONTRAST],
  ];
  for (const [list, role] of roles) {
    for (const term of words(list)) {
      const slots = target(vocabulary, term);
      slots.role[slot] = (slots.role[slot] ?? 0) | role;
    }
  }
}

/**
 * A lexicon of many words rated by others (vader_FR for French, scripts/build-french-lexicon.ts):
 * it fills in words the hand-written lexicon of that slot does not list, and never overrides one
 * it does (nor a word with a role there: "pas", "tres"). Its words are no language clues: a
 * translated lexicon holds English loanwords, and the detector must not read them as French.
 */
function addPriorLexicon(vocabulary: Map<string, VocabEntry>, slot: number, terms: Readonly<Record<string, number>>): void {
  for (const [term, strength] of Object.entries(terms)) {
    const slots = target(vocabulary, term);
    if ((slots.polarity[slot] ?? 0) === 0 && (slots.role[slot] ?? 0) === 0) slots.polarity[slot] = strength;
  }
}

/** The union slot: a polarity only where the languages agree on its sign, every role. */
function fillUnion(slots: { polarity: Float32Array; role: Uint8Array }): void {
  let sum = 0;
  let count = 0;
  let positive = false;
  let negative = false;
  let role = 0;
  for (let slot = 0; slot < UNION_SLOT; slot++) {
    const value = slots.polarity[slot] ?? 0;
    if (value !== 0) {
      sum += value;
      count++;
      positive ||= value > 0;
      negative ||= value < 0;
    }
    role |= slots.role[slot] ?? 0;
  }
  slots.polarity[UNION_SLOT] = count > 0 && !(positive && negative) ? sum / count : 0;
  slots.role[UNION_SLOT] = role;
}

function build(): Map<string, VocabEntry> {
  const vocabulary = new Map<string, VocabEntry>();
  LEXICON_SLOTS.forEach((language, slot) => {
    if (language !== 'und') addLexicon(vocabulary, slot, LEXICONS[language]);
  });
  addPriorLexicon(vocabulary, LEXICON_SLOTS.indexOf('fr'), frenchPrior.terms);
  for (const [symbol, polarity] of Object.entries(SYMBOL_POLARITY)) {
    entryFor(vocabulary, symbol).polarity.fill(polarity);
  }
  for (const symbol of NEUTRAL_SYMBOLS) entryFor(vocabulary, symbol).role.fill(NEUTRAL);
  for (const entry of vocabulary.values()) {
    fillUnion(entry);
    for (const phrase of entry.phrases?.values() ?? []) fillUnion(phrase);
  }

  // Detector clues: function words count fully, shared between the languages that use them;
  // lexicon and issue words count half, so "excellent" alone (English and French) decides nothing.
  const clueSets = DETECTED_LANGUAGES.map((language) => new Set(words(STOPWORDS[language])));
  // Issue trigger words ("livraison", "rembolso", "kaputt") are clues as good as sentiment words.
  const lexiconWords = LEXICON_SLOTS.slice(0, UNION_SLOT).map((language) => {
    const source = LEXICONS[language as Exclude<LexiconSlot, 'und'>];
    const triggers = ISSUE_CATEGORIES.flatMap((category) => words(ISSUE_PATTERNS[category][language as SupportedLanguage]?.triggers));
    return new Set([...Object.values(source.positive), ...Object.values(source.negative), source.neutral, ...triggers].flatMap(words).filter((term) => !term.includes('_')));
  });
  const clueWords = new Set([...clueSets.flatMap((set) => [...set]), ...lexiconWords.flatMap((set) => [...set])]);
  for (const word of clueWords) {
    const stopIn = clueSets.map((set) => set.has(word));
    const stopCount = stopIn.filter(Boolean).length;
    const clues = new Float32Array(DETECTED_LANGUAGES.length);
    if (stopCount > 0) {
      stopIn.forEach((isStop, language) => {
        if (isStop) clues[language] = 1 / stopCount;
      });
    } else {
      const lexiconIn = lexiconWords.map((set) => set.has(word));
      const lexiconCount = lexiconIn.filter(Boolean).length;
      lexiconIn.forEach((inLexicon, language) => {
        if (inLexicon) clues[language] = 0.5 / lexiconCount;
      });
    }
    entryFor(vocabulary, word).clues = clues;
  }

  ISSUE_CATEGORIES.forEach((category, index) => {
    for (const source of Object.values(ISSUE_PATTERNS[category])) {
      for (const word of words(source.triggers)) entryFor(vocabulary, word).issues |= 1 << index;
    }
  });
  return vocabulary;
}

let vocabulary: ReadonlyMap<string, VocabEntry> | undefined;

/** The compiled vocabulary, built on first use (not when a handler's bundle is imported), then kept. */
export function compiledVocabulary(): ReadonlyMap<string, VocabEntry> {
  vocabulary ??= build();
  return vocabulary;
}

/** Fills `buffer.entries` with each token's entry: the one Map lookup per token of the hot path. */
export function lookUpVocabulary(buffer: TokenBuffer): void {
  const { texts, entries } = buffer;
  const words = compiledVocabulary();
  for (let i = 0; i < buffer.length; i++) entries[i] = words.get(texts[i] ?? '');
}

/** The lexicon slot that reads a comment detected as `language` (the union slot for any other). */
export function slotOf(language: string): number {
  const slot = (LEXICON_SLOTS as readonly string[]).indexOf(language);
  return slot >= 0 ? slot : UNION_SLOT;
}

/** Languages the trained model reads (it was trained on English and Indonesian; 'und' gets it too). */
export function modelReads(language: string): boolean {
  return language === 'en' || language === 'id' || language === 'und';
}
