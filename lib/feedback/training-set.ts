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
 * Weights, so that no source and no text length dominates:
 * - every (source, class) pair weighs the same in total: the big, happy-skewed clothing file
 *   does not drown the short Amazon sentences, the decision point stays at even odds whatever a
 *   source's share of happy rows, and a source with one class only (the finance complaints)
 *   weighs about half a source; happy and unhappy weigh the same in total;
 * - then each (length band, class) pair is pulled towards an equal share of the total
 *   (`lengthBalance`: 0 leaves it, 1 equalises it), so the long narratives of one source do not
 *   decide what a long text means, nor one-line summaries what a short one means.
 * Titles are extra short examples at a lower weight. Words of the prior lexicon become one-word
 * examples, so a sentiment word the rows never used still moves the model the right way;
 * negated ("not good", "not bad") they teach the negated space. Sentences written for the hard
 * classes (written-examples.ts) come in at `writtenWeight` each, relative to an average row.
 * The out-of-domain control (movie reviews) is never trained on.
 */
export interface TrainingSetOptions {
  settings: FeatureSettings;
  /** Weight of a review title relative to its review. */
  titleWeight: number;
  /** Weight of a prior-lexicon word of the strongest valence, relative to an average row. */
  priorWeight: number;
  /** Weight of the same word negated ("not good", label flipped), relative to `priorWeight`. */
  negatedPriorShare: number;
  /** 0–1: how far each (length band, class) is pulled towards an equal share of the mass. */
  lengthBalance?: number;
  /** Weight of one hand-written example relative to an average row. */
  writtenWeight?: number;
}

export interface WrittenExample {
  text: string;
  label: 'happy' | 'unhappy';
}

const tokens = createTokenBuffer();
const features = createFeatureBuffer();

/** Upper bounds (words) of the length bands: a line, a short review, a review, a narrative. */
const LENGTH_BANDS = [8, 30, 100];
/** No band's weight moves by more than this factor either way. */
const MAX_LENGTH_FACTOR = 4;

export function lengthBand(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  const band = LENGTH_BANDS.findIndex((limit) => words <= limit);
  return band < 0 ? LENGTH_BANDS.length : band;
}

export function exampleOf(text: string, label: 0 | 1, weight: number, settings: FeatureSettings): TrainingExample {
  const analysis = analyseComment(text, undefined, tokens);
  const found = extractFeatures(analysis.tokens, analysis.slot, settings, features);
  const dense = fillDense(analysis, new Float64Array(DENSE_FEATURES.length));
  return { indices: found.indices.slice(0, found.count), values: found.values.slice(0, found.count), dense, label, weight };
}

/** Each trainable row's weight (see above), in the order of `polar`. */
function rowWeights(polar: readonly LabelledRow[], lengthBalance: number): number[] {
  const perGroup = new Map<string, number>();
  const group = (row: LabelledRow) => `${row.source}\u0000${row.label}`;
  for (const row of polar) perGroup.set(group(row), (perGroup.get(group(row)) ?? 0) + 1);
  const groupMass = polar.length / Math.max(1, perGroup.size);
  // Happy and unhappy weigh the same in total, one-class sources included: otherwise the
  // complaint narratives would tilt the bias, and a comment with no sentiment word read unhappy.
  const groupsOf = (label: LabelledRow['label']) => [...perGroup.keys()].filter((key) => key.endsWith(`\u0000${label}`)).length;
  const classShare = { happy: perGroup.size / 2 / Math.max(1, groupsOf('happy')), unhappy: perGroup.size / 2 / Math.max(1, groupsOf('unhappy')), neutral: 0 };
  const weights = polar.map((row) => (classShare[row.label] * groupMass) / (perGroup.get(group(row)) ?? 1));
  if (lengthBalance <= 0) return weights;

  const band = (row: LabelledRow) => `${lengthBand(row.text)}\u0000${row.label}`;
  const bandMass = new Map<string, number>();
  polar.forEach((row, index) => bandMass.set(band(row), (bandMass.get(band(row)) ?? 0) + (weights[index] ?? 0)));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const target = total / Math.max(1, bandMass.size);
  const factor = new Map<string, number>();
  for (const [key, mass] of bandMass) factor.set(key, Math.min(MAX_LENGTH_FACTOR, Math.max(1 / MAX_LENGTH_FACTOR, (target / mass) ** lengthBalance)));
  const balanced = polar.map((row, index) => (weights[index] ?? 0) * (factor.get(band(row)) ?? 1));
  const scale = total / balanced.reduce((sum, weight) => sum + weight, 0);
  return balanced.map((weight) => weight * scale);
}

export function buildTrainingSet(rows: readonly LabelledRow[], prior: readonly PriorWord[], options: TrainingSetOptions, written: readonly WrittenExample[] = []): TrainingExample[] {
  const polar = rows.filter((row) => row.label !== 'neutral' && row.domain !== 'control');
  const weights = rowWeights(polar, options.lengthBalance ?? 0);

  const examples: TrainingExample[] = [];
  polar.forEach((row, index) => {
    const weight = weights[index] ?? 0;
    const label = row.label === 'happy' ? 1 : 0;
    examples.push(exampleOf(row.text, label, weight, options.settings));
    if (row.title && options.titleWeight > 0) examples.push(exampleOf(row.title, label, weight * options.titleWeight, options.settings));
  });
  for (const example of written) {
    examples.push(exampleOf(example.text, example.label === 'happy' ? 1 : 0, options.writtenWeight ?? 1, options.settings));
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
