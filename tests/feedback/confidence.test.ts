import { describe, expect, it } from 'vitest';
import artifact from '../../lib/feedback/sentiment-model.json' with { type: 'json' };
import { belowThreshold, expectedCalibrationError, fitTemperature, scored } from '../../lib/feedback/calibration.ts';
import { classifyFeedback } from '../../lib/feedback/classify.ts';
import { decodeModel } from '../../lib/feedback/model.ts';
import { createModelScorer } from '../../lib/feedback/model-scorer.ts';
import { decideRouting, needsRecovery } from '../../lib/feedback/routing-decision.ts';
import { feedbackEventFactory } from '../support/feedback-records.ts';

/** Issue 14, item 5: confidence means something, and routing does not act on a reading it cannot trust. */
describe('calibrated confidence', () => {
  it('the committed model carries a calibration fitted on domains it did not see', () => {
    const { calibration } = decodeModel(artifact);
    expect(calibration.temperature).toBeGreaterThan(0);
    expect(calibration.minimumConfidence).toBeGreaterThan(0.5);
    expect(calibration.minimumConfidence).toBeLessThan(1);
  });

  it('fits the temperature that makes over-confident log-odds honest, and measures the error', () => {
    // Prepare: log-odds twice as large as they should be (the truth is sigmoid(z / 2)).
    const readings = Array.from({ length: 4000 }, (_, index) => {
      const logit = ((index % 80) - 40) / 5;
      const chance = 1 / (1 + Math.exp(-logit / 2));
      // A deterministic "coin": row index k of 100 is happy when k/100 < chance.
      return { logit, happy: ((index * 37) % 100) / 100 < chance };
    });
    // Act
    const temperature = fitTemperature(readings);
    // Assess
    expect(temperature).toBeGreaterThan(0.4);
    expect(temperature).toBeLessThan(0.6);
    expect(expectedCalibrationError(scored(readings, temperature))).toBeLessThan(expectedCalibrationError(scored(readings, 1)));
    expect(belowThreshold(scored(readings, temperature), 0.7).share).toBeGreaterThan(0);
  });

  it('a comment-only reading below the threshold is marked not confident, with its reason, and routed as neutral', () => {
    // Prepare: the same model, asked for more confidence than any reading has.
    const strict = createModelScorer(decodeModel({ ...artifact, calibration: { temperature: 1, minimumConfidence: 0.999 } }));
    const comment = 'Nice enough mug, arrived on time.';
    // Act
    const unsure = classifyFeedback({ comment }, strict);
    const scoredToo = classifyFeedback({ comment, score: 10, scale: 'nps' }, strict);
    const routing = decideRouting(feedbackEventFactory({ score: null, comment, testimonialConsent: null }), unsure);
    // Assess
    expect(unsure.sentiment).toBe('happy');
    expect(unsure.confident).toBe(false);
    expect(unsure.notConfidentReason).toMatch(/below the calibrated 0.999/);
    expect(routing).toMatchObject({ referral: false, testimonial: 'none', recovery: false });
    expect(scoredToo.confident).toBe(true);
  });

  it('an unhappy reading it is not confident of opens no case on sentiment alone, but a named problem still does', () => {
    // Prepare
    const strict = createModelScorer(decodeModel({ ...artifact, calibration: { temperature: 1, minimumConfidence: 0.999 } }));
    // Act
    const grumpy = classifyFeedback({ comment: 'Not great, rather disappointing.' }, strict);
    const cracked = classifyFeedback({ comment: 'Not great, the glass arrived cracked.' }, strict);
    // Assess
    expect(grumpy).toMatchObject({ sentiment: 'unhappy', confident: false, recovery: false });
    expect(needsRecovery(grumpy)).toBe(false);
    expect(cracked.recovery).toBe(true);
    expect(needsRecovery(cracked)).toBe(true);
  });

  it('a clear comment is confident with the committed calibration', () => {
    expect(classifyFeedback({ comment: 'Absolutely love it, excellent quality and fast delivery!' })).toMatchObject({ sentiment: 'happy', confident: true });
    expect(classifyFeedback({ comment: 'Terrible, it broke on the first day and nobody answers.' })).toMatchObject({ sentiment: 'unhappy', confident: true, recovery: true });
  });
});
