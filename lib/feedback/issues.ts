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

/** The issues a service team hears of even from a happy customer (see classify.ts). */
const RECOVERY_ISSUES: ReadonlySet<IssueCategory> = new Set(['damaged', 'lost_or_not_received', 'wrong_or_missing_item', 'safety', 'legal_threat']);

export function callsForRecovery(finding: IssueFinding): boolean {
  return RECOVERY_ISSUES.has(finding.category) || (finding.category === 'billing_refund' && finding.unresolved);
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

/** `text` is one clause, so the look-back never crosses a sentence end or a comma. */
function isNegated(text: string, at: number): boolean {
  return NEGATED_BEFORE.test(text.slice(Math.max(0, at - 48), at));
}

function firstFixed(pattern: RegExp, text: string): string | undefined {
  pattern.lastIndex = 0;
  const match = pattern.exec(text);
  return match ? match[0].trim() : undefined;
}

function firstUnnegated(pattern: RegExp, text: string): string | undefined {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (!isNegated(text, match.index)) return match[0].trim();
    if (match[0].length === 0) pattern.lastIndex++;
  }
  return undefined;
}

/**
 * The comment as the patterns read it, one clause at a time: words separated by single spaces
 * (emoji left out). No pattern reaches across a sentence end or a comma, so matching clause by
 * clause finds what matching the whole comment would, and only clauses that hold a trigger word
 * of a category are ever built and scanned.
 */
interface Clause {
  start: number;
  end: number;
  /** Bit i: the clause holds a trigger word of ISSUE_CATEGORIES[i]. */
  triggered: number;
  text: string | undefined;
}

const clauses: Clause[] = [];

function splitClauses(tokens: TokenBuffer): { count: number; triggered: number } {
  let count = 0;
  let triggered = 0;
  let start = 0;
  let mask = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const kind = i < tokens.length ? tokens.kinds[i] : BOUNDARY;
    if (kind !== BOUNDARY && kind !== COMMA) {
      mask |= tokens.entries[i]?.issues ?? 0;
      continue;
    }
    if (mask !== 0) {
      const clause = clauses[count] ?? { start: 0, end: 0, triggered: 0, text: undefined };
      clause.start = start;
      clause.end = i;
      clause.triggered = mask;
      clause.text = undefined;
      clauses[count++] = clause;
      triggered |= mask;
    }
    start = i + 1;
    mask = 0;
  }
  return { count, triggered };
}

function clauseText(tokens: TokenBuffer, clause: Clause): string {
  if (clause.text === undefined) {
    const words: string[] = [];
    for (let i = clause.start; i < clause.end; i++) if (tokens.kinds[i] === WORD) words.push(tokens.texts[i] ?? '');
    // A trailing space, as the patterns were written against the whole comment, where a space
    // (before "." or the next word) follows every word: "not working (?:properly)?".
    clause.text = `${words.join(' ')} `;
  }
  return clause.text;
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

/** The first match of `find` in the clauses that hold a trigger of category `bit`, in comment order. */
function inClauses(tokens: TokenBuffer, count: number, bit: number, pattern: RegExp | undefined, find: (pattern: RegExp, text: string) => string | undefined): string | undefined {
  if (!pattern) return undefined;
  for (let c = 0; c < count; c++) {
    const clause = clauses[c] as Clause;
    if ((clause.triggered & bit) === 0) continue;
    const found = find(pattern, clauseText(tokens, clause));
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Issues found in `tokens` (after `lookUpVocabulary`), in ISSUE_CATEGORIES order.
 * `language` is the detected language (or 'und').
 */
export function findIssues(tokens: TokenBuffer, language: string): IssueFinding[] {
  const { count, triggered } = splitClauses(tokens);
  if (triggered === 0) return [];

  const languages = languagesFor(language);
  const findings: IssueFinding[] = [];
  for (let index = 0; index < ISSUE_CATEGORIES.length; index++) {
    const bit = 1 << index;
    if ((triggered & bit) === 0) continue;
    const category = ISSUE_CATEGORIES[index] as IssueCategory;
    let evidence: string | undefined;
    let unresolved = false;
    for (const lang of languages) {
      const patterns = COMPILED[index]?.[lang];
      if (!patterns) continue;
      const unresolvedMatch = inClauses(tokens, count, bit, patterns.unresolved, firstUnnegated);
      if (unresolvedMatch) {
        evidence = unresolvedMatch;
        unresolved = true;
        break;
      }
      evidence ??= inClauses(tokens, count, bit, patterns.fixed, firstFixed) ?? inClauses(tokens, count, bit, patterns.cues, firstUnnegated);
    }
    if (evidence !== undefined) findings.push({ category, evidence, unresolved });
  }
  return findings;
}
