import { statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { feedbackDataDir, loadFeedbackData, type LabelledRow } from '../lib/feedback/datasets.ts';
import { expectedCalibrationError, fitTemperature, belowThreshold, scored, TARGET_MINIMUM_CONFIDENCE } from '../lib/feedback/calibration.ts';
import { leaveOneDomainOut, meanAccuracy } from '../lib/feedback/domain-holdout.ts';
import { BalancedAccuracy } from '../lib/feedback/metrics.ts';
import { decodeModel, encodeModel } from '../lib/feedback/model.ts';
import { createModelScorer } from '../lib/feedback/model-scorer.ts';
import { readPriorLexicon } from '../lib/feedback/prior-lexicon.ts';
import { readComment } from '../lib/feedback/read-comment.ts';
import { TEST_SHARE, VALIDATION_SHARE } from '../lib/feedback/split.ts';
import { OPTIONS, SET_OPTIONS, SETTINGS, trainableRows, trainRecipe } from '../lib/feedback/training-recipe.ts';
import { WRITTEN_TRAINING_EXAMPLES } from '../lib/feedback/written-examples.ts';

/**
 * `npm run train`: trains the sentiment model on the train part of every labelled file (never
 * the test part, never the validation slice), reports the validation slice as the classifier
 * reads it, and writes lib/feedback/sentiment-model.json. Seeded: the same data gives the same
 * bytes.
 */
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const ARTIFACT = fileURLToPath(new URL('../lib/feedback/sentiment-model.json', import.meta.url));


const started = performance.now();
const dataDir = feedbackDataDir(REPO_ROOT);
const { rows, files, skipped } = loadFeedbackData(dataDir);
if (rows.length === 0) throw new Error(`no labelled feedback found in ${dataDir}`);
const training = trainableRows(rows);
const validation = rows.filter((row) => row.validation && row.domain === 'customer');
const prior = readPriorLexicon();

const { weights, examples } = trainRecipe(rows, prior, WRITTEN_TRAINING_EXAMPLES);

// Calibration is fitted on sources the model did not see: the recipe trained once per English
// source with that source held out, the train part of that source read (domain-holdout.ts).
const heldOut = leaveOneDomainOut(rows, prior, WRITTEN_TRAINING_EXAMPLES, 'train');
const heldOutReadings = heldOut.flatMap((result) => result.readings);
const temperature = fitTemperature(heldOutReadings);
const calibration = { temperature, minimumConfidence: TARGET_MINIMUM_CONFIDENCE };
const calibrated = scored(heldOutReadings, temperature);
const round4 = (value: number) => Math.round(value * 10_000) / 10_000;
const heldOutReport = {
  part: 'train part of the held-out source (the test part is the benchmark’s)',
  meanBalancedAccuracy: round4(meanAccuracy(heldOut)),
  domains: Object.fromEntries(heldOut.map((result) => [result.source, round4(result.accuracy.value)])),
  expectedCalibrationError: { uncalibrated: round4(expectedCalibrationError(scored(heldOutReadings, 1))), calibrated: round4(expectedCalibrationError(calibrated)) },
  notConfident: { share: round4(belowThreshold(calibrated, calibration.minimumConfidence).share), accuracy: round4(belowThreshold(calibrated, calibration.minimumConfidence).accuracy) },
};

const counts = (selected: readonly LabelledRow[]) =>
  Object.fromEntries(files.filter((file) => selected.some((row) => row.file === file)).map((file) => [file, selected.filter((row) => row.file === file && row.label !== 'neutral').length]));

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
    if (metric.rows === 0) continue;
    const round = (value: number) => Math.round(value * 10_000) / 10_000;
    report[file] = { balancedAccuracy: round(metric.value), happyRecall: round(metric.happyRecall), unhappyRecall: round(metric.unhappyRecall), neutralShare: round(neutral / Math.max(1, metric.rows)) };
  }
  return report;
}

const withoutReport = encodeModel(weights, SETTINGS, {});
const report = validate(withoutReport);
const artifact = encodeModel(weights, SETTINGS, {
  data: 'every labelled customer-feedback file in ../shared/data/feedback (see its SOURCE.md), the movie control left out; neutral rows left out',
  split: `test = 1 row in ${TEST_SHARE} by hash of the comment (split.ts), never read here; validation = 1 in ${VALIDATION_SHARE} of the rest`,
  rows: counts(training),
  titles: training.filter((row) => row.title && row.label !== 'neutral').length,
  priorLexicon: { source: 'VADER lexicon (vader-sentiment devDependency)', words: prior.length },
  writtenExamples: WRITTEN_TRAINING_EXAMPLES.length,
  examples,
  options: { ...OPTIONS, ...SET_OPTIONS, settings: undefined },
  validation: report,
  leaveOneDomainOut: heldOutReport,
}, calibration);
writeFileSync(ARTIFACT, `${JSON.stringify(artifact, null, 2)}\n`);

const seconds = (performance.now() - started) / 1000;
const polarRows = training.filter((row) => row.label !== 'neutral').length;
console.log(`trained on ${polarRows} rows (+${examples - polarRows} titles, written examples and prior words) from ${files.length} files in ${seconds.toFixed(1)} s`);
if (skipped.length > 0) console.log(`skipped files it cannot read: ${skipped.join(', ')}`);
console.log(`wrote ${ARTIFACT} (${(statSync(ARTIFACT).size / 1024).toFixed(0)} KiB)`);
console.log('validation slice (balanced accuracy, as the classifier reads it):');
console.log(`leave one domain out: mean ${(heldOutReport.meanBalancedAccuracy * 100).toFixed(1)} % ${JSON.stringify(heldOutReport.domains)}`);
console.log(`calibration: temperature ${temperature}, ECE ${heldOutReport.expectedCalibrationError.uncalibrated} → ${heldOutReport.expectedCalibrationError.calibrated}; below ${calibration.minimumConfidence}: ${JSON.stringify(heldOutReport.notConfident)}`);
for (const [file, result] of Object.entries(report)) {
  console.log(`  ${file}: ${(result.balancedAccuracy * 100).toFixed(1)} % (happy ${(result.happyRecall * 100).toFixed(1)} %, unhappy ${(result.unhappyRecall * 100).toFixed(1)} %, neutral ${(result.neutralShare * 100).toFixed(1)} %)`);
}
