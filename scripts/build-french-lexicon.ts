import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feedbackDataDir } from '../lib/feedback/datasets.ts';
import { tokenize, WORD } from '../lib/feedback/tokenize.ts';

/**
 * `npm run lexicon:fr`: folds vader_FR's French lexicon (MIT, 7Lieues Technologies, after Hutto &
 * Gilbert 2014; in the data folder's lexicons/ with its licence) into
 * lib/feedback/lexicon-fr-vader.json, the form the classifier compiles (vocabulary.ts): terms
 * folded as the tokenizer folds words, one or two words ("pas_terrible"), the valence (−4…+4)
 * turned into the hand lexicon's strengths 1–3. Terms rated closer to neutral than 1 are left
 * out (its raters disagree on them). The hand-written French lexicon wins wherever it has the
 * word; this one fills in the thousands of words it never listed. Sorted, so the same lexicon
 * gives the same bytes.
 */
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCE = join(feedbackDataDir(REPO_ROOT), 'lexicons', 'vader_fr_lexicon.txt');
const TARGET = fileURLToPath(new URL('../lib/feedback/lexicon-fr-vader.json', import.meta.url));
const MINIMUM_VALENCE = 1;

const strengthOf = (valence: number): number => Math.sign(valence) * (Math.abs(valence) >= 3 ? 3 : Math.abs(valence) >= 2 ? 2 : 1);

const terms = new Map<string, number>();
for (const line of readFileSync(SOURCE, 'utf8').split('\n')) {
  const at = line.lastIndexOf('->');
  if (at <= 0) continue;
  const valence = Number(line.slice(at + 2));
  if (!Number.isFinite(valence) || Math.abs(valence) < MINIMUM_VALENCE) continue;
  const tokens = tokenize(line.slice(0, at));
  const words: string[] = [];
  let wordsOnly = true;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens.kinds[i] === WORD) words.push(tokens.texts[i] ?? '');
    else wordsOnly = false;
  }
  if (!wordsOnly || words.length === 0 || words.length > 2 || words.some((word) => !/^[a-z'-]+$/.test(word))) continue;
  const term = words.join('_');
  // The same folded term twice ("déçu", "deçu"): the milder reading.
  const strength = strengthOf(valence);
  const previous = terms.get(term);
  terms.set(term, previous === undefined || Math.abs(strength) < Math.abs(previous) ? strength : previous);
}
const sorted = [...terms.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
writeFileSync(TARGET, `${JSON.stringify({ source: 'vader_FR lexicon (MIT, 7Lieues Technologies), folded by scripts/build-french-lexicon.ts', terms: Object.fromEntries(sorted) })}\n`);
console.log(`wrote ${TARGET}: ${sorted.length} terms`);
