import type { LabelledRow } from './datasets.ts';
import type { FeatureSettings } from './features.ts';
import { DENSE_FEATURES } from './model.ts';
import type { PriorWord } from './prior-lexicon.ts';
import { trainLogistic, type LinearWeights } from './training.ts';
import { buildTrainingSet, type TrainingSetOptions, type WrittenExample } from './training-set.ts';

/**
 * The one recipe the committed model is trained with, shared by `npm run train` and the
 * leave-one-domain-out benchmark (which trains it again with one source held out), so the
 * figure the benchmark reports is the figure of this recipe.
 */
export const SETTINGS: FeatureSettings = { bits: 18, charGramMin: 3, charGramMax: 5, charWeight: 0.5, bigrams: true, contrastFactor: 0.5, negationScope: 3 };
export const OPTIONS = { epochs: 5, learningRate: 0.05, l2: 1e-6, seed: 20_260_401 };
export const SET_OPTIONS: TrainingSetOptions = {
  settings: SETTINGS,
  titleWeight: 0.5,
  priorWeight: 1,
  negatedPriorShare: 0.5,
  lengthBalance: 0.25,
  writtenWeight: 1,
};

/** Rows the recipe may learn from: the train part, validation slice left out, never the control. */
export function trainableRows(rows: readonly LabelledRow[]): LabelledRow[] {
  return rows.filter((row) => row.part === 'train' && !row.validation && row.domain === 'customer');
}

export interface Recipe {
  options: typeof OPTIONS;
  set: TrainingSetOptions;
}

export const RECIPE: Recipe = { options: OPTIONS, set: SET_OPTIONS };

export function trainRecipe(rows: readonly LabelledRow[], prior: readonly PriorWord[], written: readonly WrittenExample[], recipe: Recipe = RECIPE): { weights: LinearWeights; examples: number } {
  const examples = buildTrainingSet(trainableRows(rows), prior, recipe.set, written);
  return { weights: trainLogistic(examples, { ...recipe.options, bits: recipe.set.settings.bits, denseSize: DENSE_FEATURES.length }), examples: examples.length };
}
