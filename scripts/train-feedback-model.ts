import { statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { feedbackDataDir, loadFeedbackData, type LabelledRow } from '../lib/feedback/datasets.ts';
import type { FeatureSettings } from '../lib/feedback/features.ts';
import { BalancedAccuracy } from '../lib/feedback/metrics.ts';
import { decodeModel, DENSE_FEATURES, encodeModel } from '../lib/feedback/model.ts';
import { createModelScorer } from '../lib/feedback/model-scorer.ts';
import { readPriorLexicon } from '../lib/feedback/prior-lexicon.ts';
import { readComment } from '../lib/feedback/read-comment.ts';
import { TEST_SHARE, VALIDATION_SHARE } from '../lib/feedback/split.ts';
import { trainLogistic } from '../lib/feedback/training.ts';
import { buildTrainingSet } from '../lib/feedback/training-set.ts';

/**
 * `npm run train`: trains the sentiment model on the train part of every labelled file (never
 * the test part, never the validation slice), reports the validation slice as the classifier
 * reads it, and writes lib/feedback/sentiment-model.json. Seeded: the same data gives the same
 * bytes.
 */
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const ARTIFACT = fileURLToPath(new URL('../lib/feedback/sentiment-model.json', import.meta.url));

/** Chosen by five-fold cross-validation inside the train part (see README, "Feedback classifier"). */
const SETTINGS: FeatureSettings = { bits: 18, charGramMin: 3, charGramMax: 5, charWeight: 0.5, bigrams: true, contrastFactor: 0.5, negationScope: 3 };
const OPTIONS = { epochs: 5, learningRate: 0.1, l2: 1e-6, seed: 20_260_401 };
const TITLE_WEIGHT = 0.5;
const PRIOR_WEIGHT = 1;
const NEGATED_PRIOR_SHARE = 0.5;

const started = performance.now();
const dataDir = feedbackDataDir(REPO_ROOT);
const { rows, files, skipped } = loadFeedbackData(dataDir);
if (rows.length === 0) throw new Error(`no labelled feedback found in ${dataDir}`);
const training = rows.filter((row) => row.part === 'train' && !row.validation);
const validation = rows.filter((row) => row.validation);
const prior = readPriorLexicon();

const examples = buildTrainingSet(training, prior, { settings: SETTINGS, titleWeight: TITLE_WEIGHT, priorWeight: PRIOR_WEIGHT, negatedPriorShare: NEGATED_PRIOR_SHARE });
const weights = trainLogistic(examples, { ...OPTIONS, bits: SETTINGS.bits, denseSize: DENSE_FEATURES.length });

const counts = (selected: readonly LabelledRow[]) =>
  Object.fromEntries(files.map((file) => [file, selected.filter((row) => row.file === file && row.label !== 'neutral').length]));

/** The validation slice read exactly as the classifier will read it, from the quantised weights. */
function validate(model: ReturnType<typeof encodeModel>): Record<string, { balancedAccuracy: number; happyRecall: number; unhappyRecall: number; neutralShare: number }> {
  const scorer = createModelScorer(decodeModel(model));
  const report: Record<string, { balancedAccuracy: number; happyRecall: number; unhappyRecall: number; neutralShare: number }> = {};
  for (const file of files) {
    const metric = new BalancedAccuracy();
    let neutral = 0;
    for (const row of validation) {
      if (row.file !== file || row.label === 'neutral') continue;
      const sentiment = readComment(row.text, undefined, scorer).sentiment ?? 'neutral';
      if (sentiment === 'neutral') neutral++;
      metric.add(row.label, sentiment);
    }
    const round = (value: number) => Math.round(value * 10_000) / 10_000;
    report[file] = { balancedAccuracy: round(metric.value), happyRecall: round(metric.happyRecall), unhappyRecall: round(metric.unhappyRecall), neutralShare: round(neutral / Math.max(1, metric.rows)) };
  }
  return report;
}

const withoutReport = encodeModel(weights, SETTINGS, {});
const report = validate(withoutReport);
const artifact = encodeModel(weights, SETTINGS, {
  data: 'every labelled file in ../shared/data/feedback (see its SOURCE.md); rating 3 rows left out',
  split: `test = 1 row in ${TEST_SHARE} by hash of the comment (split.ts), never read here; validation = 1 in ${VALIDATION_SHARE} of the rest`,
  rows: counts(training),
  titles: training.filter((row) => row.title && row.label !== 'neutral').length,
  priorLexicon: { source: 'VADER lexicon (vader-sentiment devDependency)', words: prior.length },
  examples: examples.length,
  options: { ...OPTIONS, titleWeight: TITLE_WEIGHT, priorWeight: PRIOR_WEIGHT, negatedPriorShare: NEGATED_PRIOR_SHARE },
  validation: report,
});
writeFileSync(ARTIFACT, `${JSON.stringify(artifact, null, 2)}\n`);

const seconds = (performance.now() - started) / 1000;
const polarRows = training.filter((row) => row.label !== 'neutral').length;
console.log(`trained on ${polarRows} rows (+${examples.length - polarRows} titles and prior words) from ${files.length} files in ${seconds.toFixed(1)} s`);
if (skipped.length > 0) console.log(`skipped files it cannot read: ${skipped.join(', ')}`);
console.log(`wrote ${ARTIFACT} (${(statSync(ARTIFACT).size / 1024).toFixed(0)} KiB)`);
console.log('validation slice (balanced accuracy, as the classifier reads it):');
for (const [file, result] of Object.entries(report)) {
  console.log(`  ${file}: ${(result.balancedAccuracy * 100).toFixed(1)} % (happy ${(result.happyRecall * 100).toFixed(1)} %, unhappy ${(result.unhappyRecall * 100).toFixed(1)} %, neutral ${(result.neutralShare * 100).toFixed(1)} %)`);
}
