import { describe, expect, it } from 'vitest';
import { classifyFeedback } from '../../lib/feedback/classify.ts';
import { ISSUE_CATEGORIES, SUPPORTED_LANGUAGES } from '../../lib/feedback/types.ts';
import { ISSUE_PHRASINGS } from './issue-phrasings.ts';

const RECOVERY_CATEGORIES = new Set(['damaged', 'lost_or_not_received', 'wrong_or_missing_item', 'safety', 'legal_threat']);

/** Issue 4, item 1: every category, several phrasings, in every language the classifier reads. */
describe('issue categories in every supported language', () => {
  const cases = ISSUE_CATEGORIES.flatMap((category) =>
    SUPPORTED_LANGUAGES.flatMap((language) => ISSUE_PHRASINGS[category][language].map((text) => ({ category, language, text }))),
  );

  it('has at least three phrasings per category and language', () => {
    for (const category of ISSUE_CATEGORIES) {
      for (const language of SUPPORTED_LANGUAGES) expect(ISSUE_PHRASINGS[category][language].length, `${category}/${language}`).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(cases)('$category ($language): $text', ({ category, language, text }) => {
    // Act
    const result = classifyFeedback({ comment: text });
    const withLocale = classifyFeedback({ comment: text, locale: language });
    // Assess
    expect(result.issues).toContain(category);
    expect(withLocale.issues).toContain(category);
    expect(withLocale.language).toBe(language);
    expect(result.sentiment).not.toBe('happy');
    if (RECOVERY_CATEGORIES.has(category)) expect(result.recovery).toBe(true);
    expect(result.reasons.some((reason) => reason.startsWith(`issue ${category}`))).toBe(true);
  });

  it.each([
    ['en', 'No damage at all, everything arrived intact.'],
    ['fr', 'Rien de cassé, emballage soigné.'],
    ['de', 'Nichts kaputt, alles gut verpackt.'],
    ['id', 'Tidak ada yang rusak, packing rapi.'],
  ])('a negated issue word is no issue (%s): %s', (language, text) => {
    const result = classifyFeedback({ comment: text, locale: language });
    expect(result.issues).not.toContain('damaged');
    expect(result.recovery).toBe(false);
  });

  it('a refund that went through is a billing mention without recovery; one still missing calls for recovery', () => {
    const done = classifyFeedback({ score: 9, scale: 'nps', comment: 'They refunded me the same day, great service.' });
    const missing = classifyFeedback({ score: 9, scale: 'nps', comment: 'Nice shop, but I still have not received my refund.' });
    expect(done).toMatchObject({ issues: ['billing_refund'], recovery: false });
    expect(missing.issues).toContain('billing_refund');
    expect(missing.recovery).toBe(true);
    expect(missing.reasons).toContain('recovery: billing_refund whatever the score');
  });

  it('reads "arm holes" and a longer-than-expected dress as no issue', () => {
    expect(classifyFeedback({ comment: 'The arm holes are cut low and the dress is longer than expected.' }).issues).toEqual([]);
  });
});
