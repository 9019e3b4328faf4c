import { DETECTED_LANGUAGES } from './stopwords.ts';
import type { TokenBuffer } from './tokenize.ts';

/**
 * A small language detector for feedback comments: the writing system first (Cyrillic, Han, …),
 * then, for Latin script, function words of eight languages, shared fairly between the
 * languages that use them, plus half a point for each sentiment word of a read language. The
 * locale of the page or survey only breaks ties and names the language of a comment too short
 * to tell ("ok"), so a French customer on an English page is still read as French.
 */

const scores = new Float64Array(DETECTED_LANGUAGES.length);
const LOCALE_WEIGHT = 0.75;
const MINIMUM_EVIDENCE = 0.5;
const MINIMUM_MARGIN = 0.3;

/** "fr-FR" → "fr"; the withdrawn code "in" → "id". */
export function languageOfLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0];
  if (!primary || !/^[a-z]{2,3}$/.test(primary)) return undefined;
  return primary === 'in' ? 'id' : primary;
}

function byScript(buffer: TokenBuffer): string | undefined {
  const s = buffer.scripts;
  const nonLatin = s.cyrillic + s.greek + s.arabic + s.hebrew + s.devanagari + s.thai + s.hangul + s.kana + s.han;
  if (nonLatin === 0 || nonLatin <= s.latin) return undefined;
  if (s.kana > 0) return 'ja';
  if (s.hangul > 0) return 'ko';
  const top = Math.max(s.cyrillic, s.greek, s.arabic, s.hebrew, s.devanagari, s.thai, s.han);
  if (top === s.han) return 'zh';
  if (top === s.cyrillic) return isUkrainian(buffer) ? 'uk' : 'ru';
  if (top === s.arabic) return 'ar';
  if (top === s.greek) return 'el';
  if (top === s.hebrew) return 'he';
  if (top === s.devanagari) return 'hi';
  return 'th';
}

const UKRAINIAN_LETTERS = /[іїєґ]/;

function isUkrainian(buffer: TokenBuffer): boolean {
  for (let i = 0; i < buffer.length; i++) if (UKRAINIAN_LETTERS.test(buffer.texts[i] ?? '')) return true;
  return false;
}

/**
 * ISO 639-1 code of the comment in `buffer` (after `lookUpVocabulary`), or 'und'.
 * `locale` is the BCP-47 hint from the input, if any.
 */
export function detectLanguage(buffer: TokenBuffer, locale?: string): string {
  const hint = languageOfLocale(locale);
  const scripted = byScript(buffer);
  if (scripted) return scripted;

  scores.fill(0);
  const { entries } = buffer;
  for (let i = 0; i < buffer.length; i++) {
    const clues = entries[i]?.clues;
    if (!clues) continue;
    for (let language = 0; language < clues.length; language++) scores[language] = (scores[language] ?? 0) + (clues[language] ?? 0);
  }
  let evidence = 0;
  for (let language = 0; language < scores.length; language++) evidence += scores[language] ?? 0;
  const hinted = hint === undefined ? -1 : (DETECTED_LANGUAGES as readonly string[]).indexOf(hint);
  if (hinted >= 0) scores[hinted] = (scores[hinted] ?? 0) + LOCALE_WEIGHT;

  let best = 0;
  let second = -1;
  for (let language = 1; language < scores.length; language++) {
    if ((scores[language] ?? 0) > (scores[best] ?? 0)) {
      second = best;
      best = language;
    } else if (second < 0 || (scores[language] ?? 0) > (scores[second] ?? 0)) {
      second = language;
    }
  }
  const top = scores[best] ?? 0;
  const runnerUp = second < 0 ? 0 : (scores[second] ?? 0);
  if (evidence < MINIMUM_EVIDENCE || top - runnerUp < MINIMUM_MARGIN) return hint ?? 'und';
  return DETECTED_LANGUAGES[best] ?? 'und';
}
