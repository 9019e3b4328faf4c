import { describe, expect, it } from 'vitest';
import { SCALE_RANGES, type FeedbackScale } from '../../events/feedback-scale.ts';
import { recoveryCertain } from '../../lib/feedback/certain-recovery.ts';
import { classifyFeedback } from '../../lib/feedback/classify.ts';
import { classifierInputOf, needsRecovery } from '../../lib/feedback/routing-decision.ts';
import { HARD_CASES } from './hard-cases.ts';
import { ISSUE_PHRASINGS } from './issue-phrasings.ts';

type Answer = Parameters<typeof recoveryCertain>[0];

/** What the feedback function decides about the same answer: it classifies with the model. */
const backEndOpensCase = (answer: Answer) => needsRecovery(classifyFeedback(classifierInputOf(answer)));

const SCALES = Object.keys(SCALE_RANGES) as FeedbackScale[];
const scoresOf = (scale: FeedbackScale) => {
  const { min, max, step } = SCALE_RANGES[scale];
  return Array.from({ length: Math.round((max - min) / step) + 1 }, (_, index) => min + index * step);
};

/** Comments of every kind the rules and the model meet: issues in five languages, the hard wordings, plain praise and blame, nothing at all. */
const COMMENTS: readonly { comment: string | null; locale: string | null }[] = [
  ...Object.values(ISSUE_PHRASINGS).flatMap((languages) => Object.entries(languages).flatMap(([locale, phrasings]) => phrasings.map((comment) => ({ comment, locale })))),
  ...HARD_CASES.map((hard) => ({ comment: hard.text, locale: hard.language })),
  ...['Absolutely love it, excellent quality!', 'Terrible, very disappointed.', 'ok', '😡', '👍', '   ', '', '!!!'].map((comment) => ({ comment, locale: 'en' })),
  { comment: null, locale: null },
];

/**
 * The thank-you page apologises by `recoveryCertain` (no model); the feedback function opens a
 * case by `needsRecovery` of the model's classification. Issue 12: the customer pages carry no model.
 */
describe('recovery decided without the model (the thank-you page)', () => {
  it.each(SCALES)('with a rating on the %s scale, it is the feedback function’s decision, for every score and comment', (scale) => {
    // Prepare
    const answers = scoresOf(scale).flatMap((value) => COMMENTS.map((written): Answer => ({ score: { value, scale }, ...written })));
    // Act
    const disagreements = answers.filter((answer) => recoveryCertain(answer) !== backEndOpensCase(answer));
    // Assess
    expect(answers.length).toBeGreaterThan(scoresOf(scale).length * 100);
    expect(disagreements).toEqual([]);
  });

  it('with a comment alone, it never promises a case the feedback function will not open', () => {
    // Prepare
    const answers = COMMENTS.map((written): Answer => ({ score: null, ...written }));
    // Act
    const promisedInVain = answers.filter((answer) => recoveryCertain(answer) && !backEndOpensCase(answer));
    const certain = answers.filter((answer) => recoveryCertain(answer));
    // Assess: and it is certain of most named problems, not silent on all of them
    expect(promisedInVain).toEqual([]);
    expect(certain.length).toBeGreaterThan(50);
  });

  it('a comment alone whose only unhappiness is its mood: no apology on the page, and the case still opens behind it', () => {
    // Prepare
    const answer: Answer = { score: null, comment: 'Terrible, very disappointed.', locale: 'en' };
    // Act, Assess
    expect(recoveryCertain(answer)).toBe(false);
    expect(backEndOpensCase(answer)).toBe(true);
  });

  it.each([
    // a rating alone, on each scale, either side of the unhappy band
    ['nps 6 (detractor)', { score: { value: 6, scale: 'nps' } }, true],
    ['nps 7 (passive)', { score: { value: 7, scale: 'nps' } }, false],
    ['nps 10', { score: { value: 10, scale: 'nps' } }, false],
    ['csat 2', { score: { value: 2, scale: 'csat' } }, true],
    ['csat 3', { score: { value: 3, scale: 'csat' } }, false],
    ['stars 2', { score: { value: 2, scale: 'stars' } }, true],
    ['stars 2.5', { score: { value: 2.5, scale: 'stars' } }, false],
    ['stars 5', { score: { value: 5, scale: 'stars' } }, false],
    // a comment alone
    ['a damaged item', { comment: 'The glass arrived cracked.' }, true],
    ['a question about a refund', { comment: 'Where is my refund?' }, true],
    ['praise', { comment: 'Lovely mug, thank you!' }, false],
    // both
    ['a high rating and a damaged item', { score: { value: 9, scale: 'nps' }, comment: 'Love it, but the glass arrived cracked.' }, true],
    ['a high rating and a damaged item replaced', { score: { value: 5, scale: 'stars' }, comment: 'It arrived broken but they sent a new one right away.' }, false],
    ['a passive rating and a slow delivery (no person needed)', { score: { value: 8, scale: 'nps' }, comment: 'Delivery was a bit slow.' }, false],
    ['a low rating and praise', { score: { value: 1, scale: 'csat' }, comment: 'Great product!' }, true],
    ['a high rating and a French missing parcel', { score: { value: 5, scale: 'csat' }, comment: "Je n'ai jamais reçu mon colis.", locale: 'fr' }, true],
  ] as const)('%s', (_label, given, apology) => {
    // Prepare
    const answer: Answer = { score: null, comment: null, locale: 'en', ...given };
    // Act, Assess: the page's decision, and the back end's, which a rating or a rule decides alike
    expect(recoveryCertain(answer)).toBe(apology);
    expect(backEndOpensCase(answer)).toBe(apology);
  });
});
