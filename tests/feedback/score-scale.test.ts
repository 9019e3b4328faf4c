import { describe, expect, it } from 'vitest';
import { classifyFeedback } from '../../lib/feedback/classify.ts';
import { InvalidFeedbackInputError } from '../../lib/feedback/schema.ts';
import type { FeedbackInput } from '../../lib/feedback/types.ts';

/** Issue 4, rule 2: an explicit score decides the sentiment by its scale. */
describe('sentiment from an explicit score', () => {
  it.each([
    [0, 'unhappy'],
    [6, 'unhappy'],
    [7, 'neutral'],
    [8, 'neutral'],
    [9, 'happy'],
    [10, 'happy'],
  ] as const)('NPS %d → %s', (score, sentiment) => {
    // Act
    const result = classifyFeedback({ score, scale: 'nps' });
    // Assess
    expect(result.sentiment).toBe(sentiment);
    expect(result.reasons[0]).toMatch(/^NPS score/);
  });

  it.each([
    [1, 'unhappy'],
    [2, 'unhappy'],
    [3, 'neutral'],
    [4, 'happy'],
    [5, 'happy'],
  ] as const)('CSAT %d and %d stars → %s', (score, sentiment) => {
    expect(classifyFeedback({ score, scale: 'csat' }).sentiment).toBe(sentiment);
    expect(classifyFeedback({ score, scale: 'stars' }).sentiment).toBe(sentiment);
  });

  it.each([
    [1.5, 'unhappy'],
    [2.5, 'neutral'],
    [3.5, 'neutral'],
    [4.5, 'happy'],
  ] as const)('half stars: %d → %s (between two bands reads neutral)', (score, sentiment) => {
    expect(classifyFeedback({ score, scale: 'stars' }).sentiment).toBe(sentiment);
  });

  it.each<[FeedbackInput, RegExp]>([
    [{ score: -1, scale: 'nps' }, /outside the NPS scale/],
    [{ score: 11, scale: 'nps' }, /outside the NPS scale/],
    [{ score: 8.5, scale: 'nps' }, /whole number/],
    [{ score: 0, scale: 'csat' }, /outside the CSAT scale/],
    [{ score: 6, scale: 'csat' }, /outside the CSAT scale/],
    [{ score: 3.5, scale: 'csat' }, /whole number/],
    [{ score: 0.5, scale: 'stars' }, /outside the stars scale/],
    [{ score: 5.5, scale: 'stars' }, /outside the stars scale/],
    [{ score: 3.25, scale: 'stars' }, /steps of 0.5/],
    [{ score: Number.NaN, scale: 'nps' }, /finite/],
    [{ score: 9 }, /needs its scale/],
  ])('refuses %j', (input, problem) => {
    expect(() => classifyFeedback(input)).toThrow(InvalidFeedbackInputError);
    expect(() => classifyFeedback(input)).toThrow(problem);
  });

  it('lets the score decide against the comment, while the comment still raises issues and recovery', () => {
    // Act
    const cracked = classifyFeedback({ score: 9, scale: 'nps', comment: 'Love the set, but the glass arrived cracked.' });
    const grumpy = classifyFeedback({ score: 2, scale: 'csat', comment: 'Great, wonderful, perfect.' });
    // Assess
    expect(cracked).toMatchObject({ sentiment: 'happy', issues: ['damaged'], recovery: true, language: 'en' });
    expect(grumpy).toMatchObject({ sentiment: 'unhappy', recovery: true });
    expect(grumpy.confidence).toBeLessThan(classifyFeedback({ score: 2, scale: 'csat', comment: 'Awful, it broke.' }).confidence);
  });

  it('leaves a happy score with a harmless issue out of recovery, and an unhappy score always in it', () => {
    expect(classifyFeedback({ score: 10, scale: 'nps', comment: 'Delivery was a bit slow but I love it.' })).toMatchObject({
      sentiment: 'happy',
      issues: ['delivery_delay'],
      recovery: false,
    });
    expect(classifyFeedback({ score: 3, scale: 'nps' })).toMatchObject({ sentiment: 'unhappy', issues: [], recovery: true });
  });

  it('without a score or a comment is neutral, with no confidence, in the locale language', () => {
    expect(classifyFeedback({ locale: 'de-AT' })).toEqual({
      sentiment: 'neutral',
      confidence: 0,
      issues: [],
      recovery: false,
      confident: true,
      language: 'de',
      reasons: ['no score and no comment'],
    });
  });
});
