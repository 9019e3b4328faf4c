import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import artifact from '../../lib/feedback/sentiment-model.json' with { type: 'json' };
import { analyseComment } from '../../lib/feedback/analyse-comment.ts';
import { createFeatureBuffer, extractFeatures, type FeatureSettings } from '../../lib/feedback/features.ts';
import { decodeModel, dequantise, DENSE_FEATURES, encodeModel, fillDense } from '../../lib/feedback/model.ts';
import { createModelScorer } from '../../lib/feedback/model-scorer.ts';
import { linearScore, trainLogistic } from '../../lib/feedback/training.ts';
import { buildTrainingSet } from '../../lib/feedback/training-set.ts';
import type { LabelledRow } from '../../lib/feedback/datasets.ts';

const SENTENCES = [
  'Love it, but the glass arrived cracked!',
  'I did not like it at all, never again 😡',
  'Not bad, not great. The fabric is thin and too small.',
  'Barang bagus, pengiriman cepat, tapi packing kurang rapi',
  'Très déçu, colis jamais arrivé',
  'ok',
  'An extraordinarily long word: supercalifragilisticexpialidocious-and-then-some-more-letters',
];

describe('the trained model', () => {
  it('is committed, small, and loads', () => {
    const size = statSync(fileURLToPath(new URL('../../lib/feedback/sentiment-model.json', import.meta.url))).size;
    expect(size).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(() => decodeModel(artifact)).not.toThrow();
  });

  it('is scored word by word exactly as its feature list defines', () => {
    // Prepare
    const model = decodeModel(artifact);
    const scorer = createModelScorer(model);
    const reference = dequantise(model);
    const features = createFeatureBuffer();
    for (const sentence of SENTENCES) {
      const analysis = analyseComment(sentence);
      const dense = fillDense(analysis, new Float64Array(DENSE_FEATURES.length));
      // Act
      const fast = scorer.score(analysis.tokens, analysis.slot, dense);
      const listed = extractFeatures(analysis.tokens, analysis.slot, model.settings, features);
      const slow = linearScore(reference, listed.indices, listed.values, listed.count, dense);
      // Assess
      expect(fast, sentence).toBeCloseTo(slow, 4);
    }
  });

  it('refuses an artifact trained for other dense features', () => {
    expect(() => decodeModel({ ...artifact, denseFeatures: ['something_else'] })).toThrow(/npm run train/);
  });

  it('trains to the same weights every time (seeded), and learns the labels it is given', () => {
    // Prepare
    const settings: FeatureSettings = { ...decodeModel(artifact).settings, bits: 12 };
    const rows: LabelledRow[] = [
      ...['great product, love it', 'fast delivery, very happy', 'excellent quality'].map((text) => row(text, 'happy')),
      ...['arrived broken, awful', 'terrible quality, very unhappy', 'never arrived, want a refund'].map((text) => row(text, 'unhappy')),
    ];
    const options = { bits: 12, denseSize: DENSE_FEATURES.length, epochs: 20, learningRate: 0.2, l2: 0, seed: 7 };
    // Act
    const train = () => trainLogistic(buildTrainingSet(rows, [], { settings, titleWeight: 0, priorWeight: 0, negatedPriorShare: 0 }), options);
    const first = encodeModel(train(), settings, {});
    const second = encodeModel(train(), settings, {});
    // Assess
    expect(second).toEqual(first);
    const scorer = createModelScorer(decodeModel(first));
    const logit = (text: string) => {
      const analysis = analyseComment(text);
      return scorer.score(analysis.tokens, analysis.slot, fillDense(analysis, new Float64Array(DENSE_FEATURES.length)));
    };
    expect(logit('love it, excellent')).toBeGreaterThan(0);
    expect(logit('awful, broken')).toBeLessThan(0);
  });
});

function row(text: string, label: 'happy' | 'unhappy'): LabelledRow {
  return { file: 'test.txt', domain: 'customer', source: 'test', language: 'en', text, label, part: 'train', validation: false };
}
