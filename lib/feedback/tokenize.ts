import type { VocabEntry } from './vocabulary.ts';

/**
 * One pass over the comment that yields lowercased, accent-folded words, emoji/emoticon
 * symbols and clause boundaries. Every later stage (language, lexicon, model features) reads
 * this buffer, so the text is scanned once. The buffer is reused between calls: the classifier
 * is synchronous, and a fresh array per comment would be the hot path's biggest allocation.
 */

export const WORD = 0;
/** Emoji, emoticon (":)") or a pictographic symbol. */
export const SYMBOL = 1;
/** Sentence end: . ! ? ; : … or a line break. Its text is the mark, "!" or "?" when present. */
export const BOUNDARY = 2;
/** A comma: ends a negation's scope but not the sentence. */
export const COMMA = 3;

export interface TokenBuffer {
  texts: string[];
  kinds: number[];
  /** Filled by `lookUpVocabulary`: the known-word entry of each token, if any. */
  entries: (VocabEntry | undefined)[];
  length: number;
  /** Number of WORD tokens. */
  words: number;
  /** Letters per writing system: the language detector's first clue. */
  scripts: ScriptCounts;
}

export interface ScriptCounts {
  latin: number;
  cyrillic: number;
  greek: number;
  arabic: number;
  hebrew: number;
  devanagari: number;
  thai: number;
  hangul: number;
  kana: number;
  han: number;
  other: number;
}

const SPACE = 0;
const LETTER = 1;
const APOSTROPHE = 2;
const STOP = 3;
const COMMA_CHAR = 4;
const EMOTICON_START = 5;

const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = LETTER;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = LETTER;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = LETTER;
ASCII_CLASS[39] = APOSTROPHE;
for (const mark of '.!?;\n') ASCII_CLASS[mark.charCodeAt(0)] = STOP;
ASCII_CLASS[44] = COMMA_CHAR;
ASCII_CLASS[58] = EMOTICON_START; // ':' is a stop unless it starts ":)"
ASCII_CLASS[61] = EMOTICON_START; // '='
ASCII_CLASS[60] = EMOTICON_START; // '<3'

/** Latin-1 and Latin Extended-A letters folded to ASCII, so "très" and "tres" are one word. */
const FOLD = new Map<number, string>();
const FOLD_SOURCE: Record<string, string> = {
  a: 'àáâãåāăą',
  c: 'çćĉċč',
  d: 'ďđ',
  e: 'èéêëēĕėęě',
  g: 'ĝğġģ',
  h: 'ĥħ',
  i: 'ìíîïĩīĭįı',
  j: 'ĵ',
  k: 'ķ',
  l: 'ĺļľŀł',
  n: 'ñńņňŉ',
  o: 'òóôõøōŏő',
  r: 'ŕŗř',
  s: 'śŝşš',
  t: 'ţťŧ',
  u: 'ùúûũūŭůűų',
  w: 'ŵ',
  y: 'ýÿŷ',
  z: 'źżž',
  // German umlauts fold the way Germans type without them, so "schön" (beautiful) never meets "schon" (already).
  ae: 'äæ',
  oe: 'öœ',
  ue: 'ü',
  ss: 'ß',
};
for (const [ascii, accented] of Object.entries(FOLD_SOURCE)) {
  for (const char of accented) FOLD.set(char.charCodeAt(0), ascii);
}

function fold(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    out += code < 128 ? word[i] : (FOLD.get(code) ?? word[i]);
  }
  return out;
}

/** "sooooo" → "soo", "bangettt" → "bangett": emphasis by repetition, capped at two letters. */
function squeeze(word: string): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < word.length; i++) {
    run = i > 0 && word.charCodeAt(i) === word.charCodeAt(i - 1) ? run + 1 : 0;
    if (run < 2) out += word[i];
  }
  return out;
}

function hasTripleLetter(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code === word.charCodeAt(i - 1) && code === word.charCodeAt(i - 2)) return true;
  }
  return false;
}

/** French/Italian elisions ("l'article", "n'est", "qu'il") become two words, so "n'" reads as a negation. */
const ELIDED = new Set(['c', 'd', 'j', 'l', 'm', 'n', 's', 't', 'qu', 'jusqu', 'lorsqu', 'puisqu']);

function scriptOf(code: number, scripts: ScriptCounts): void {
  if (code < 0x250) scripts.latin++;
  else if (code >= 0x370 && code < 0x400) scripts.greek++;
  else if (code >= 0x400 && code < 0x530) scripts.cyrillic++;
  else if (code >= 0x590 && code < 0x600) scripts.hebrew++;
  else if (code >= 0x600 && code < 0x780) scripts.arabic++;
  else if (code >= 0x900 && code < 0x980) scripts.devanagari++;
  else if (code >= 0xe00 && code < 0xe80) scripts.thai++;
  else if (code >= 0x1100 && code < 0x1200) scripts.hangul++;
  else if (code >= 0x3040 && code < 0x3100) scripts.kana++;
  else if (code >= 0x3400 && code < 0xa000) scripts.han++;
  else if (code >= 0xac00 && code < 0xd7b0) scripts.hangul++;
  else if (code >= 0x1e00 && code < 0x1f00) scripts.latin++;
  else scripts.other++;
}

function classOf(code: number): number {
  if (code < 128) return ASCII_CLASS[code] ?? SPACE;
  if (code === 0x2019 || code === 0x2018 || code === 0x02bc) return APOSTROPHE;
  if (code === 0x2026 || code === 0x3002 || code === 0xff01 || code === 0xff1f || code === 0xff0e || code === 0x0085) return STOP;
  if (code === 0xa1 || code === 0xbf) return SPACE; // ¡ ¿
  if (code < 0xc0) return SPACE; // Latin-1 punctuation and symbols
  if (code === 0xd7 || code === 0xf7) return SPACE;
  if (code < 0x2000) return LETTER;
  if (code < 0x2070) return SPACE; // general punctuation, dashes, quotes
  if (code < 0x2c00) return SYMBOL_CHAR; // arrows, dingbats (❤ ★ ☹): single-symbol tokens
  if (code >= 0x3000 && code < 0x3040) return SPACE; // CJK punctuation
  if (code >= 0xd800 && code < 0xdc00) return SYMBOL_CHAR; // astral plane: emoji
  if (code >= 0xdc00 && code < 0xe000) return SPACE; // stray low surrogate
  if (code >= 0xfe00 && code < 0xfe10) return SPACE; // variation selectors
  if (code >= 0xfe30 && code < 0xfe70) return SPACE;
  return LETTER;
}
const SYMBOL_CHAR = 6;

const shared: TokenBuffer = createTokenBuffer();

export function createTokenBuffer(): TokenBuffer {
  return {
    texts: [],
    kinds: [],
    entries: [],
    length: 0,
    words: 0,
    scripts: { latin: 0, cyrillic: 0, greek: 0, arabic: 0, hebrew: 0, devanagari: 0, thai: 0, hangul: 0, kana: 0, han: 0, other: 0 },
  };
}

function push(buffer: TokenBuffer, text: string, kind: number): void {
  const at = buffer.length++;
  buffer.texts[at] = text;
  buffer.kinds[at] = kind;
  if (kind === WORD) buffer.words++;
}

function pushWord(buffer: TokenBuffer, raw: string, nonAscii: boolean): void {
  let word = nonAscii ? fold(raw) : raw;
  if (word.length > 3 && hasTripleLetter(word)) word = squeeze(word);
  const apostrophe = word.indexOf("'");
  if (apostrophe > 0 && apostrophe <= 6 && word.length - apostrophe > 2 && ELIDED.has(word.slice(0, apostrophe))) {
    push(buffer, word.slice(0, apostrophe + 1), WORD);
    push(buffer, word.slice(apostrophe + 1), WORD);
    return;
  }
  push(buffer, word, WORD);
}

/**
 * Tokenises `comment` into `buffer` (by default a module-level buffer that the next call
 * overwrites: copy what you keep).
 */
export function tokenize(comment: string, buffer: TokenBuffer = shared): TokenBuffer {
  buffer.length = 0;
  buffer.words = 0;
  const scripts = buffer.scripts;
  scripts.latin = scripts.cyrillic = scripts.greek = scripts.arabic = scripts.hebrew = 0;
  scripts.devanagari = scripts.thai = scripts.hangul = scripts.kana = scripts.han = scripts.other = 0;
  const text = comment.toLowerCase();
  const end = text.length;
  let i = 0;
  while (i < end) {
    const code = text.charCodeAt(i);
    const kind = classOf(code);
    if (kind === LETTER) {
      const start = i;
      let nonAscii = false;
      while (i < end) {
        const c = text.charCodeAt(i);
        const k = classOf(c);
        if (k === LETTER) {
          if (c >= 128) {
            nonAscii = true;
            scriptOf(c, scripts);
          } else if (c >= 97) {
            scripts.latin++;
          }
          i++;
        } else if (k === APOSTROPHE && i + 1 < end && classOf(text.charCodeAt(i + 1)) === LETTER) {
          nonAscii ||= c !== 39;
          i++;
        } else {
          break;
        }
      }
      let raw = text.slice(start, i);
      if (nonAscii && raw.includes('’')) raw = raw.replace(/[’‘ʼ]/g, "'");
      pushWord(buffer, raw, nonAscii);
    } else if (kind === STOP) {
      let mark = '.';
      while (i < end && classOf(text.charCodeAt(i)) === STOP) {
        const c = text.charCodeAt(i);
        if (c === 33 || c === 0xff01) mark = '!';
        else if ((c === 63 || c === 0xff1f) && mark !== '!') mark = '?';
        i++;
      }
      push(buffer, mark, BOUNDARY);
    } else if (kind === COMMA_CHAR) {
      push(buffer, ',', COMMA);
      i++;
    } else if (kind === SYMBOL_CHAR) {
      const width = code >= 0xd800 && code < 0xdc00 ? 2 : 1;
      push(buffer, text.slice(i, i + width), SYMBOL);
      i += width;
    } else if (kind === EMOTICON_START) {
      const emoticon = readEmoticon(text, i);
      if (emoticon) {
        push(buffer, emoticon, SYMBOL);
        i += emoticon.length;
      } else {
        if (code === 58) push(buffer, '.', BOUNDARY);
        i++;
      }
    } else {
      i++;
    }
  }
  return buffer;
}

const EMOTICON = /^(?:[:=;]['-]?[)(dp/\\|\][]|<3)/;

function readEmoticon(text: string, at: number): string | undefined {
  const before = at > 0 ? text.charCodeAt(at - 1) : 32;
  if (classOf(before) === LETTER) return undefined; // "http://", "10:30"
  const match = EMOTICON.exec(text.slice(at, at + 3));
  if (!match) return undefined;
  const emoticon = match[0];
  // ":/" inside a URL or "=(" in code is rare in feedback; ":d" must not swallow a word (":done").
  const afterAt = at + emoticon.length;
  if (afterAt < text.length && classOf(text.charCodeAt(afterAt)) === LETTER && /[dp]$/.test(emoticon)) return undefined;
  return emoticon;
}
