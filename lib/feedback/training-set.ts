import { analyseComment } from './analyse-comment.ts';
import type { LabelledRow } from './datasets.ts';
import { createFeatureBuffer, extractFeatures, type FeatureSettings } from './features.ts';
import { DENSE_FEATURES, fillDense } from './model.ts';
import type { PriorWord } from './prior-lexicon.ts';
import { createTokenBuffer } from './tokenize.ts';
import type { TrainingExample } from './training.ts';

/**
 * Turns labelled rows into weighted training examples for the model, through the same analysis
 * the classifier runs (analyse-comment.ts), so training and classification see the same inputs.
 *
 * Weights: every (file, class) pair weighs the same in total, so the big, happy-skewed clothing
 * file does not drown the short Amazon sentences, and the decision point stays at even odds
 * whatever the share of happy rows. Titles are extra short examples at a lower weight. Words of
 * the prior lexicon become one-word examples, so a sentiment word the rows never used still
 * moves the model the right way; negated ("not good", "not bad") they teach the negated space.
 */
export interface TrainingSetOptions {
  settings: FeatureSettings;
  /** Weight of a review title relative to its review. */
  titleWeight: number;
  /** Weight of a prior-lexicon word of the strongest valence, relative to an average row. */
  priorWeight: number;
  /** Weight of the same word negated ("not good", label flipped), relative to `priorWeight`. */
  negatedPriorShare: number;
}

const tokens = createTokenBuffer();
const features = createFeatureBuffer();

export function exampleOf(text: string, label: 0 | 1, weight: number, settings: FeatureSettings): TrainingExample {
  const analysis = analyseComment(text, undefined, tokens);
  const found = extractFeatures(analysis.tokens, analysis.slot, settings, features);
  const dense = fillDense(analysis, new Float64Array(DENSE_FEATURES.length));
  return { indices: found.indices.slice(0, found.count), values: found.values.slice(0, found.count), dense, label, weight };
}

export function buildTrainingSet(rows: readonly LabelledRow[], prior: readonly PriorWord[], options: TrainingSetOptions): TrainingExample[] {
  const polar = rows.filter((row) => row.label !== 'neutral');
  const perGroup = new Map<string, number>();
  const group = (row: LabelledRow) => `${row.file}\u0000${row.label}`;
  for (const row of polar) perGroup.set(group(row), (perGroup.get(group(row)) ?? 0) + 1);
  const groupMass = polar.length / Math.max(1, perGroup.size);

  const examples: TrainingExample[] = [];
  for (const row of polar) {
    const weight = groupMass / (perGroup.get(group(row)) ?? 1);
    const label = row.label === 'happy' ? 1 : 0;
    examples.push(exampleOf(row.text, label, weight, options.settings));
    if (row.title && options.titleWeight > 0) examples.push(exampleOf(row.title, label, weight * options.titleWeight, options.settings));
  }
  if (options.priorWeight > 0) {
    for (const word of prior) {
      const weight = options.priorWeight * word.strength;
      examples.push(exampleOf(word.text, word.valence > 0 ? 1 : 0, weight, options.settings));
      if (options.negatedPriorShare > 0) examples.push(exampleOf(`not ${word.text}`, word.valence > 0 ? 0 : 1, weight * options.negatedPriorShare, options.settings));
    }
  }
  return examples;
}
