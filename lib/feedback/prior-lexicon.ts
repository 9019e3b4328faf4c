import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The prior for words the training rows never show: VADER's English lexicon (Hutto & Gilbert,
 * 2014, MIT; shipped inside the `vader-sentiment` devDependency), ~7,500 words, emoticons and
 * slang rated −4…+4 by ten people each. Read only by the training script: its knowledge ends up
 * in the model's weights, and nothing reads the file at run time.
 */
export interface PriorWord {
  text: string;
  /** Mean rating, −4…+4. */
  valence: number;
  /** 0–1: how far from neutral, capped at 3 (anything ≥ 3 is as clear as it gets). */
  strength: number;
}

/** Words rated closer to neutral than this are left out: raters disagree on them. */
const MINIMUM_VALENCE = 1;

export function vaderLexiconPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('vader-sentiment/package.json')), 'vader_lexicon.txt');
}

/** The single lowercase words of the lexicon (emoticons and phrases left out), in file order. */
export function readPriorLexicon(path: string = vaderLexiconPath()): PriorWord[] {
  const words: PriorWord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [text, rating] = line.split('\t');
    const valence = Number(rating);
    if (!text || !/^[a-z][a-z']*$/.test(text) || !Number.isFinite(valence) || Math.abs(valence) < MINIMUM_VALENCE) continue;
    words.push({ text, valence, strength: Math.min(Math.abs(valence), 3) / 3 });
  }
  return words;
}
