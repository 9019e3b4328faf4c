import { describe, expect, it } from 'vitest';
import type { Brand } from '../../lib/brand/brand.ts';
import { PREVIEW_USAGE, previewAsk } from '../../lib/cli/preview-command.ts';
import { consoleCopy, consoleLanguageOf, type ConsoleLanguage } from '../../lib/console/console-copy.ts';
import { chooseLanguage, MESSAGE_LANGUAGES, type MessageLanguage } from '../../lib/i18n/locale.ts';
import { MESSAGES } from '../../lib/i18n/messages.ts';
import { ASK_KINDS } from '../../lib/journey/ask-kinds.ts';
import { renderAsk, type AskRenderInput } from '../../lib/journey/render-ask.ts';
import { renderConsentPage } from '../../lib/pages/consent-page.ts';
import { renderFeedbackForm, renderMessagePage, renderThankYou } from '../../lib/pages/feedback-page.ts';
import type { CustomerPage } from '../../lib/pages/layout.ts';
import { renderUnsubscribeConfirm, renderUnsubscribed } from '../../lib/pages/unsubscribe-page.ts';
import { applySettingChanges, applySettingChangesToStored } from '../../lib/tenants/apply-setting-changes.ts';
import { copyOverrideOf, localeProblems, TenantSettingsSchema } from '../../lib/tenants/settings.ts';

/**
 * Every message and page in every language afterglow writes: nothing missing, nothing left in
 * English. The sample values (shop, names, items, rewards, quote) are chosen to contain no English
 * word, so any English found in a translation is afterglow's own.
 */
const TRANSLATED = MESSAGE_LANGUAGES.filter((language) => language !== 'en');

/** Words that show English left in a translated text (whole words, any case). */
const ENGLISH_WORDS = ['the', 'your', 'you', 'thank', 'thanks', 'order', 'orders', 'review', 'please', 'would', 'with', 'from', 'here', 'share', 'reply', 'opt', 'out', 'how'];
const englishIn = (text: string): string[] => ENGLISH_WORDS.filter((word) => new RegExp(`(^|[^\\p{L}])${word}([^\\p{L}]|$)`, 'iu').test(text));

/** What shows a text was not (fully) written: a missing value, a placeholder left unfilled. */
const missingIn = (text: string): string[] =>
  [/\bundefined\b/, /\bnull\b/, /\bNaN\b/, /\[object /, /\{\{|\}\}/, /\$\{/].filter((pattern) => pattern.test(text)).map(String);

const BRAND: Brand = {
  shopName: 'Acme',
  logo: { url: 'https://cdn.acme.example/logo.png', alt: 'Acme' },
  accent: '#0f766e',
  postalAddress: 'Hafenstraße 12\n20457 Hamburg',
  contact: { href: 'mailto:hilfe@acme.example', label: 'hilfe@acme.example' },
  privacyPolicyUrl: 'https://acme.example/datenschutz',
};

const askInput = (language: MessageLanguage, changes: Partial<AskRenderInput> = {}): AskRenderInput => ({
  language,
  shopName: 'Acme',
  firstName: 'Ada',
  orderNumber: '#1042',
  itemTitles: ['Lino', 'Tazza'],
  scale: 'nps',
  pageUrl: 'https://ag.example.com/f/hguni2cliI2lMnggqLRctg',
  unsubscribeUrl: 'https://ag.example.com/u/hguni2cliI2lMnggqLRctg',
  reviewLinks: [{ name: 'Google', url: 'https://ag.example.com/go/hguni2cliI2lMnggqLRctg', incentive: '5 €' }],
  referral: { url: 'https://ag.example.com/r/ADA-7KQ2XM', code: 'ADA-7KQ2XM', friendReward: '15 %', advocateReward: '10 €' },
  testimonial: { quote: 'Super!', scopes: ['website', 'social', 'ads'], displayName: 'Ada L.' },
  brand: BRAND,
  ...changes,
});

/** What a reader of the page sees: its text and the words in its attributes, not its style or script. */
const visibleText = (page: CustomerPage | string): string => {
  const source = typeof page === 'string' ? page : page.html;
  return source
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*\b(?:alt|title|aria-label|placeholder)="([^"]*)"[^>]*>/g, ' $1 ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/https?:\/\/\S+|mailto:\S+/g, ' ');
};

/** Every text of a set of words, functions called with sample values: path → text. */
const SAMPLE_ARGUMENTS: Readonly<Record<string, readonly unknown[]>> = {
  'page.commentHint': [5000],
  'page.scoreOutOfRange': [0, 10],
  'page.commentTooLong': [5001, 5000],
};
const textsOf = (words: unknown, path = ''): Map<string, string> => {
  const texts = new Map<string, string>();
  if (typeof words === 'string') texts.set(path, words);
  else if (typeof words === 'function') {
    const fn = words as (...args: unknown[]) => string;
    const args = SAMPLE_ARGUMENTS[path] ?? Array.from({ length: fn.length }, (_, index) => (index === 0 ? 'Acme' : `Zyx${index}`));
    texts.set(path, fn(...args));
  } else if (typeof words === 'object' && words !== null) {
    for (const [key, value] of Object.entries(words)) for (const [inner, text] of textsOf(value, path ? `${path}.${key}` : key)) texts.set(inner, text);
  }
  return texts;
};

/** Texts that are rightly the same as the English: an initialism, names alone, a word the language shares with English. */
const SAME_AS_ENGLISH = new Set(['overview.nps', 'signedInAs']);
const SAME_AS_ENGLISH_IN: Readonly<Record<string, ReadonlySet<string>>> = { fr: new Set(['customers.messages']), de: new Set(['sentiments.neutral']) };
const sameAsEnglishAllowed = (language: string, path: string) => SAME_AS_ENGLISH.has(path) || SAME_AS_ENGLISH_IN[language]?.has(path) === true;

describe('every text of every language is written, and not in English', () => {
  const english = textsOf(MESSAGES.en);

  it.each(TRANSLATED)('%s has a non-empty text of its own for every English one, with no English word in it', (language) => {
    // Prepare
    const translated = textsOf(MESSAGES[language]);
    // Act
    const problems = [...english].flatMap(([path, englishText]) => {
      const text = translated.get(path);
      if (text === undefined || text.trim() === '') return [`${path}: missing`];
      return [
        ...(text === englishText && !sameAsEnglishAllowed(language, path) ? [`${path}: the same as the English ${JSON.stringify(englishText)}`] : []),
        ...englishIn(text).map((word) => `${path}: English word "${word}" in ${JSON.stringify(text)}`),
        ...missingIn(text).map((pattern) => `${path}: ${pattern} in ${JSON.stringify(text)}`),
      ];
    });
    // Assess
    expect(problems).toEqual([]);
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each(['fr', 'de', 'es'] as const)('the console in %s has every text, none of them English', (language: ConsoleLanguage) => {
    // Prepare
    const englishCopy = textsOf(consoleCopy('en'));
    const translated = textsOf(consoleCopy(language));
    // Act
    const problems = [...englishCopy].flatMap(([path, englishText]) => {
      const text = translated.get(path) ?? '';
      return [
        ...(text.trim() === '' ? [`${path}: missing`] : []),
        ...(text === englishText && !sameAsEnglishAllowed(language, path) ? [`${path}: the same as the English ${JSON.stringify(text)}`] : []),
        ...englishIn(text).map((word) => `${path}: English word "${word}" in ${JSON.stringify(text)}`),
      ];
    });
    // Assess
    expect(problems).toEqual([]);
    expect(consoleLanguageOf(`${language}-AT,en;q=0.5`)).toBe(language);
  });
});

describe('every kind of message in every language', () => {
  const cases = ASK_KINDS.flatMap((kind) =>
    TRANSLATED.flatMap((language) => [
      { kind, language, label: 'with every value', input: askInput(language) },
      { kind, language, label: 'without a name, an order number or items', input: askInput(language, { firstName: null, orderNumber: null, itemTitles: [], scale: 'stars' }) },
      { kind, language, label: 'on the csat scale, anonymous', input: askInput(language, { scale: 'csat', testimonial: { quote: 'Super!', scopes: ['website'], displayName: null } }) },
    ]),
  );

  it.each(cases)('$kind in $language ($label): every part written, no English left', ({ kind, language, input }) => {
    // Prepare
    const englishEmail = renderAsk(kind, { ...input, language: 'en' }).email;
    // Act
    const { email, sms } = renderAsk(kind, input);
    // Assess
    const parts = { subject: email.subject, text: email.text.replace(/https?:\/\/\S+/g, ' '), html: visibleText(email.html), sms: sms.text.replace(/https?:\/\/\S+/g, ' ') };
    for (const [part, text] of Object.entries(parts)) {
      expect(text.trim(), `${part} is empty`).not.toBe('');
      expect(missingIn(text), `${part}: ${text}`).toEqual([]);
      expect(englishIn(text), `${part}: ${text}`).toEqual([]);
    }
    expect(email.subject).not.toBe(englishEmail.subject);
    expect(email.html).toContain(`<html lang="${language}">`);
    // The opt-out keyword stays STOP in every language: it is what the SMS provider acts on.
    if (kind !== 'testimonial_confirmation') expect(sms.text).toMatch(/\bSTOP\b/);
  });
});

describe('every page in every language', () => {
  const pagesIn = (language: MessageLanguage): Record<string, CustomerPage> => {
    const page = MESSAGES[language].page;
    const consentView = {
      language,
      shopName: 'Acme',
      brand: BRAND,
      orderName: '#1042',
      quote: 'Super!',
      consentVersion: 'v',
      quoteDigest: 'd',
      chosen: { scopes: new Set(['website'] as const), displayName: 'first_name' as const },
      errors: [page.consentNeedsScope, page.consentChanged],
    };
    return {
      feedback: renderFeedbackForm({
        language,
        shopName: 'Acme',
        brand: BRAND,
        orderName: '#1042',
        scale: 'nps',
        selectedScore: 9,
        comment: 'Super!',
        consent: { given: true, scopes: new Set(['website', 'ads']), displayName: 'anonymous' },
        consentVersion: 'v',
        maxCommentLength: 5000,
        errors: [page.needScoreOrComment, page.scoreOutOfRange(0, 10), page.commentTooLong(5001, 5000)],
        autoSubmitScore: 9,
      }),
      'feedback without an order number (stars)': renderFeedbackForm({
        language,
        shopName: 'Acme',
        brand: BRAND,
        orderName: null,
        scale: 'stars',
        selectedScore: null,
        comment: '',
        consent: { given: false, scopes: new Set(), displayName: 'full_name' },
        consentVersion: 'v',
        maxCommentLength: 5000,
        errors: [],
        autoSubmitScore: null,
      }),
      thanks: renderThankYou({ language, shopName: 'Acme', brand: BRAND, orderName: '#1042', answer: { kind: 'thanks' }, reviewLinks: [{ name: 'Google', url: 'https://g.example/r' }] }),
      apology: renderThankYou({ language, shopName: 'Acme', brand: BRAND, orderName: null, answer: { kind: 'apology', replyBy: null }, reviewLinks: [] }),
      'apology with a time': renderThankYou({
        language,
        shopName: 'Acme',
        brand: BRAND,
        orderName: '#1042',
        answer: { kind: 'apology', replyBy: new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(new Date('2026-12-07T10:00:00Z')) },
        reviewLinks: [],
      }),
      'link expired': renderMessagePage({ language, title: page.linkExpiredTitle, message: page.linkExpired('Acme'), brand: BRAND }),
      'link invalid': renderMessagePage({ language, title: page.linkInvalidTitle, message: page.linkInvalid, brand: BRAND }),
      unavailable: renderMessagePage({ language, title: page.unavailableTitle, message: page.unavailable, brand: BRAND }),
      'referral landing': renderMessagePage({ language, title: 'Acme', message: MESSAGES[language].referralInvitation.code('ADA-7KQ2XM'), brand: BRAND }),
      unsubscribe: renderUnsubscribeConfirm({ language, shopName: 'Acme', orderName: '#1042', address: 'ada@beispiel.example', brand: BRAND }),
      unsubscribed: renderUnsubscribed({ language, shopName: 'Acme', orderName: null, address: 'ada@beispiel.example', brand: BRAND }),
      consent: renderConsentPage({ ...consentView, current: null }),
      'consent granted': renderConsentPage({ ...consentView, current: { granted: true, scopes: ['website', 'social'], displayName: 'first_name_last_initial' }, errors: [] }),
      'consent revoked': renderConsentPage({ ...consentView, current: { granted: false, scopes: [], displayName: 'full_name' }, errors: [] }),
      'consent granted (answer)': renderMessagePage({ language, title: MESSAGES[language].consentPage.grantedTitle, message: MESSAGES[language].consentPage.granted('Acme'), brand: BRAND }),
      'consent revoked (answer)': renderMessagePage({ language, title: MESSAGES[language].consentPage.revokedTitle, message: MESSAGES[language].consentPage.revoked('Acme'), brand: BRAND }),
      'nothing to quote': renderMessagePage({ language, title: MESSAGES[language].consentPage.nothingToQuoteTitle, message: MESSAGES[language].consentPage.nothingToQuote, brand: BRAND }),
    };
  };
  const english = pagesIn('en');
  const cases = TRANSLATED.flatMap((language) => Object.entries(pagesIn(language)).map(([name, page]) => ({ language, name, page })));

  it.each(cases)('$name in $language: written in full, no English left', ({ language, name, page }) => {
    // Act
    const text = visibleText(page);
    // Assess
    expect(page.html).toContain(`<html lang="${language}">`);
    expect(missingIn(text), text).toEqual([]);
    expect(englishIn(text), text).toEqual([]);
    expect(text.replace(/\s+/g, ' ')).not.toBe(visibleText(english[name] as CustomerPage).replace(/\s+/g, ' '));
  });
});

describe('the customer\'s language, when the tenant offers it', () => {
  it('a customer in de-AT (or es-MX) gets German (or Spanish) where the tenant offers it, and the tenant\'s first language where it does not', () => {
    // Act
    const offered = chooseLanguage(['de-AT'], ['en', 'de']);
    const offeredSpanish = chooseLanguage(['es-MX'], ['fr', 'es']);
    const notOffered = chooseLanguage(['de-AT'], ['en', 'fr']);
    const tenantDefault = chooseLanguage(['de-AT'], TenantSettingsSchema.parse({}).feedback.locales);
    // Assess
    expect([offered, offeredSpanish, notOffered, tenantDefault]).toEqual(['de', 'es', 'en', 'en']);
  });

  it('settings refuse a language afterglow has no messages for, naming it and the languages it writes', () => {
    // Prepare
    const current = TenantSettingsSchema.parse({});
    // Act
    const accepted = applySettingChanges(current, [{ path: 'feedback.locales', value: ['de', 'es', 'fr', 'en'] }]);
    const refused = () => applySettingChanges(current, [{ path: 'feedback.locales', value: ['en', 'it', 'pt'] }]);
    // Assess
    expect(accepted.feedback.locales).toEqual(['de', 'es', 'fr', 'en']);
    expect(refused).toThrow('feedback.locales: afterglow has no messages in "it", "pt"; it writes en, fr, de, es');
    expect(() => applySettingChanges(current, [{ path: 'feedback', value: { locales: ['it'] } }])).toThrow('afterglow has no messages in "it"');
  });

  it('a tenant stored with a language afterglow does not write can still change other settings; its customers get one afterglow writes', () => {
    // Prepare: stored before the rule existed
    const stored = { feedback: { locales: ['it', 'de'] } };
    // Act
    const { settings } = applySettingChangesToStored(stored, [{ path: 'shopName', value: 'Acme' }]);
    // Assess
    expect(settings.shopName).toBe('Acme');
    expect(localeProblems(settings)).toEqual(['feedback.locales: afterglow has no messages in "it"; it writes en, fr, de, es']);
    expect(chooseLanguage(['it-IT'], settings.feedback.locales)).toBe('de');
  });

  it('the merchant\'s own words are taken per language for German and Spanish too, and preview shows them', () => {
    // Prepare
    const settings = applySettingChanges(TenantSettingsSchema.parse({ shopName: 'Acme' }), [
      { path: 'feedback.locales', value: ['de', 'es'] },
      { path: 'copy.feedback_request.de.subject', value: '{{firstName}}, wie gefällt Ihnen {{items}}?' },
      { path: 'copy.feedback_request.es.cta', value: 'Díganos qué opina' },
    ]);
    // Act
    const german = previewAsk('feedback_request', 'de', { id: 'acme', settings }, 'https://ag.example.com').rendered;
    const spanish = previewAsk('feedback_request', 'es', { id: 'acme', settings }, 'https://ag.example.com').rendered;
    // Assess
    expect(copyOverrideOf(settings, 'feedback_request', 'de')).toEqual({ subject: '{{firstName}}, wie gefällt Ihnen {{items}}?' });
    expect(german.email.subject).toBe('Ada, wie gefällt Ihnen Linen apron, Blue stoneware mug?');
    expect(german.email.text).toContain('Hallo Ada,');
    expect(spanish.email.subject).toBe('¿Qué tal fue su pedido en Acme?');
    expect(spanish.email.text).toContain('Díganos qué opina: https://ag.example.com/f/');
    expect(PREVIEW_USAGE).toContain('--locale en|fr|de|es');
  });
});
