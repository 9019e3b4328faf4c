import type { AskKind } from '../journey/ask-kinds.ts';

/**
 * The merchant's own words for a message: a subject, an opening line and a call to action, with
 * `{{placeholders}}` filled at send time (pure). Text only: afterglow HTML-escapes what it renders,
 * and places every link itself, so no override can remove the feedback, review, referral,
 * permission or unsubscribe link, nor add one of its own.
 */
export const COPY_FIELDS = ['subject', 'opening', 'cta'] as const;
export type CopyField = (typeof COPY_FIELDS)[number];

/** What each placeholder stands for; when it has no value it is left out with the space before it ("Hi {{firstName}}," → "Hi,"). */
export const PLACEHOLDERS = {
  firstName: "the customer's first name (left out when unknown: a neutral greeting)",
  shopName: 'the shop (shopName, else the tenant id: never empty)',
  orderName: 'the order as the shop names it, such as #1042 (left out when the platform gave none)',
  items: 'what was bought, comma-separated (left out when unknown)',
  friendReward: "the friend's reward (referral invitations only)",
  advocateReward: "the customer's own reward (referral invitations only)",
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

const COMMON: readonly Placeholder[] = ['firstName', 'shopName', 'orderName', 'items'];
export const placeholdersFor = (kind: AskKind): readonly Placeholder[] =>
  kind === 'referral_invitation' ? [...COMMON, 'friendReward', 'advocateReward'] : COMMON;

export type CopyValues = Partial<Record<Placeholder, string | null>>;

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const LINK = /\bhttps?:\/\/|\bwww\.|\bmailto:/i;
const LIMITS: Readonly<Record<CopyField, number>> = { subject: 150, opening: 600, cta: 80 };

/** What is wrong with one override, in the merchant's terms; empty when it is fine. */
export const copyProblems = (kind: AskKind, field: CopyField, text: string): string[] => {
  const problems: string[] = [];
  const allowed = placeholdersFor(kind);
  if (text.trim() === '') problems.push('is empty (set null to use the default words)');
  if (text.length > LIMITS[field]) problems.push(`is ${text.length} characters long; at most ${LIMITS[field]}`);
  if (field !== 'opening' && /[\r\n]/.test(text)) problems.push('must be one line');
  for (const [, name] of text.matchAll(TOKEN)) {
    if (!(allowed as readonly string[]).includes(name ?? '')) {
      problems.push(`unknown placeholder {{${name ?? ''}}} (known here: ${allowed.map((known) => `{{${known}}}`).join(', ')})`);
    }
  }
  if (/\{\{|\}\}/.test(text.replace(TOKEN, ''))) problems.push('has an unclosed {{ or a stray }}');
  if (LINK.test(text)) {
    problems.push('may not contain a link: afterglow places the links itself (the page, review, referral, permission and unsubscribe links cannot be removed or replaced)');
  }
  return problems;
};

/** Fills the placeholders; one without a value goes, with the space before it (at the start, with the punctuation after it). */
export const fillCopy = (text: string, values: CopyValues): string => {
  let leadingLeftOut = false;
  // One pass, so a value (a customer's name) is never read as a placeholder itself.
  const filled = text
    .replace(/(\s*)\{\{\s*(\w+)\s*\}\}([\s,;:]*)/g, (whole, space: string, name: string, after: string, offset: number) => {
      const value = values[name as Placeholder];
      if (value) return `${space}${value}${after}`;
      if (offset !== 0) return after;
      // "{{firstName}}, your order…" without a name: "Your order…".
      leadingLeftOut = true;
      return '';
    })
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  return leadingLeftOut ? filled.charAt(0).toLocaleUpperCase() + filled.slice(1) : filled;
};
