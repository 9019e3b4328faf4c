import { ISSUE_PATTERNS, type IssuePatternSource } from './issue-patterns.ts';
import { BOUNDARY, COMMA, WORD, type TokenBuffer } from './tokenize.ts';
import { ISSUE_CATEGORIES, SUPPORTED_LANGUAGES, type IssueCategory, type SupportedLanguage } from './types.ts';

/**
 * Finds the operational problems a comment reports (late, lost, damaged, wrong item, …),
 * whatever its sentiment: a delighted customer whose glass arrived cracked still needs a
 * replacement. Patterns are per language (issue-patterns.ts); English ones always run too,
 * since marketplace comments mix in English words ("refund", "seller", "slow respon").
 */
export interface IssueFinding {
  category: IssueCategory;
  /** The words that matched, for the reasons. */
  evidence: string;
  /** Billing only: the refund or charge is still wrong (calls for recovery). */
  unresolved: boolean;
}

interface CompiledPatterns {
  cues: RegExp | undefined;
  fixed: RegExp | undefined;
  unresolved: RegExp | undefined;
}

function compile(patterns: string[] | undefined): RegExp | undefined {
  return patterns && patterns.length > 0 ? new RegExp(patterns.map((pattern) => `(?:${pattern})`).join('|'), 'g') : undefined;
}

function compileSource(source: IssuePatternSource): CompiledPatterns {
  return { cues: compile(source.cues), fixed: compile(source.fixed), unresolved: compile(source.unresolved) };
}

const COMPILED: ReadonlyArray<Partial<Record<SupportedLanguage, CompiledPatterns>>> = ISSUE_CATEGORIES.map((category) => {
  const byLanguage: Partial<Record<SupportedLanguage, CompiledPatterns>> = {};
  for (const language of SUPPORTED_LANGUAGES) {
    const source = ISSUE_PATTERNS[category][language];
    if (source) byLanguage[language] = compileSource(source);
  }
  return byLanguage;
});

/** A negation among the three words before a cue, in the same clause: "no damage", "pas cassé", "tidak rusak". */
const NEGATED_BEFORE =
  /(?:^| )(?:not|no|never|without|nothing|none|nor|hardly|barely|\w+n't|dont|didnt|doesnt|wasnt|werent|isnt|arent|havent|hasnt|wont|pas|sans|aucun|aucune|jamais|rien|ni|sin|ningun|ninguna|ninguno|nunca|nada|nicht|kein|keine|keinen|keiner|keinem|ohne|nie|nichts|tidak|tak|tdk|gak|ga|gk|nggak|ngga|enggak|tanpa|bukan|ndak)(?: [^ .,]+){0,2} $/;

function isNegated(text: string, at: number): boolean {
  const from = Math.max(0, at - 48);
  let prefix = text.slice(from, at);
  const cut = Math.max(prefix.lastIndexOf(' . '), prefix.lastIndexOf(' , '));
  if (cut >= 0) prefix = prefix.slice(cut + 2);
  return NEGATED_BEFORE.test(prefix);
}

function firstFixed(pattern: RegExp | undefined, text: string): string | undefined {
  if (!pattern) return undefined;
  pattern.lastIndex = 0;
  const match = pattern.exec(text);
  return match ? match[0] : undefined;
}

function firstUnnegated(pattern: RegExp | undefined, text: string): string | undefined {
  if (!pattern) return undefined;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (!isNegated(text, match.index)) return match[0];
    if (match[0].length === 0) pattern.lastIndex++;
  }
  return undefined;
}

/** The comment as the patterns read it: words, "." for sentence breaks, "," for commas. */
export function normalisedText(tokens: TokenBuffer): string {
  let text = '';
  for (let i = 0; i < tokens.length; i++) {
    const kind = tokens.kinds[i];
    const piece = kind === WORD ? tokens.texts[i] : kind === BOUNDARY ? '.' : kind === COMMA ? ',' : undefined;
    if (piece === undefined) continue;
    text = text.length === 0 ? piece : `${text} ${piece}`;
  }
  return text;
}

/** The languages whose patterns run for a comment detected as `language`. */
function languagesFor(language: string): readonly SupportedLanguage[] {
  switch (language) {
    case 'en':
      return ['en'];
    case 'fr':
    case 'es':
    case 'de':
    case 'id':
      return [language, 'en'];
    default:
      return SUPPORTED_LANGUAGES;
  }
}

/**
 * Issues found in `tokens` (after `lookUpVocabulary`), in ISSUE_CATEGORIES order.
 * `language` is the detected language (or 'und').
 */
export function findIssues(tokens: TokenBuffer, language: string): IssueFinding[] {
  let triggered = 0;
  for (let i = 0; i < tokens.length; i++) triggered |= tokens.entries[i]?.issues ?? 0;
  if (triggered === 0) return [];

  const text = normalisedText(tokens);
  const languages = languagesFor(language);
  const findings: IssueFinding[] = [];
  for (let index = 0; index < ISSUE_CATEGORIES.length; index++) {
    if ((triggered & (1 << index)) === 0) continue;
    const category = ISSUE_CATEGORIES[index] as IssueCategory;
    let evidence: string | undefined;
    let unresolved = false;
    for (const lang of languages) {
      const patterns = COMPILED[index]?.[lang];
      if (!patterns) continue;
      const unresolvedMatch = firstUnnegated(patterns.unresolved, text) ?? undefined;
      if (unresolvedMatch) {
        evidence = unresolvedMatch;
        unresolved = true;
        break;
      }
      evidence ??= firstFixed(patterns.fixed, text) ?? firstUnnegated(patterns.cues, text);
    }
    if (evidence !== undefined) findings.push({ category, evidence, unresolved });
  }
  return findings;
}
