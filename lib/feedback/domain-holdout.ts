import type { HeldOutReading } from './calibration.ts';
import type { LabelledRow } from './datasets.ts';
import { BalancedAccuracy } from './metrics.ts';
import { decodeModel, encodeModel } from './model.ts';
import { createModelScorer } from './model-scorer.ts';
import type { PriorWord } from './prior-lexicon.ts';
import { readComment } from './read-comment.ts';
import { RECIPE, trainRecipe, type Recipe } from './training-recipe.ts';
import type { WrittenExample } from './training-set.ts';

/**
 * The generalisation figure: for each English customer-feedback source (a domain: a review body
 * and its summary are one), train the committed recipe on everything else, then read that
 * source's rows as the classifier reads a comment alone. Nothing of the held-out source is
 * trained on, so its balanced accuracy is what an unseen domain gets. The benchmark reads the
 * held-out source's test part; the training script reads its train part, never seen by that
 * fold's model, to fit the calibration (calibration.ts) without touching any test row.
 */
export interface DomainResult {
  source: string;
  accuracy: BalancedAccuracy;
  /** Test rows read neutral ("cannot tell"), a miss. */
  neutral: number;
  readings: HeldOutReading[];
}

/** English customer sources with a labelled test part, in name order. */
export function heldOutDomains(rows: readonly LabelledRow[]): string[] {
  const sources = new Set(rows.filter((row) => row.domain === 'customer' && row.language === 'en' && row.part === 'test' && row.label !== 'neutral').map((row) => row.source));
  return [...sources].sort();
}

export function readHeldOut(source: string, rows: readonly LabelledRow[], prior: readonly PriorWord[], written: readonly WrittenExample[], part: LabelledRow['part'], recipe: Recipe = RECIPE): DomainResult {
  const { weights } = trainRecipe(
    rows.filter((row) => row.source !== source),
    prior,
    written,
    recipe,
  );
  const scorer = createModelScorer(decodeModel(encodeModel(weights, recipe.set.settings, {})));
  const accuracy = new BalancedAccuracy();
  const readings: HeldOutReading[] = [];
  let neutral = 0;
  for (const row of rows) {
    if (row.source !== source || row.part !== part || row.label === 'neutral') continue;
    const verdict = readComment(row.text, undefined, scorer);
    const sentiment = verdict.sentiment ?? 'neutral';
    if (sentiment === 'neutral') neutral++;
    accuracy.add(row.label, sentiment);
    if (verdict.logit !== undefined && sentiment !== 'neutral') readings.push({ logit: verdict.logit, happy: row.label === 'happy' });
  }
  return { source, accuracy, neutral, readings };
}

export function leaveOneDomainOut(rows: readonly LabelledRow[], prior: readonly PriorWord[], written: readonly WrittenExample[], part: LabelledRow['part'], recipe: Recipe = RECIPE): DomainResult[] {
  return heldOutDomains(rows).map((source) => readHeldOut(source, rows, prior, written, part, recipe));
}

export const meanAccuracy = (results: readonly DomainResult[]): number => results.reduce((sum, result) => sum + result.accuracy.value, 0) / Math.max(1, results.length);
