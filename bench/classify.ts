import { fileURLToPath } from 'node:url';
import { belowThreshold, expectedCalibrationError, scored } from '../lib/feedback/calibration.ts';
import { classifyFeedback } from '../lib/feedback/classify.ts';
import { feedbackDataDir, loadFeedbackData, type LabelledRow } from '../lib/feedback/datasets.ts';
import { leaveOneDomainOut, meanAccuracy } from '../lib/feedback/domain-holdout.ts';
import { BalancedAccuracy } from '../lib/feedback/metrics.ts';
import { readPriorLexicon } from '../lib/feedback/prior-lexicon.ts';
import { trainedModelScorer } from '../lib/feedback/trained-model.ts';
import { WRITTEN_TRAINING_EXAMPLES } from '../lib/feedback/written-examples.ts';
import { HARD_CASES } from '../tests/feedback/hard-cases.ts';
import { BASELINE, createContenders, type Contender } from './sentiment-contenders.ts';

/**
 * `npm run bench:classify`: balanced accuracy and items/s of afterglow's classifier and of the
 * lexicons people reach for, on the TEST part of every labelled file (split.ts), comments alone.
 *
 * Balanced accuracy = mean of the recall on happy rows and on unhappy rows; rows labelled
 * neutral are left out, and a neutral prediction on the others is a miss. The in-domain headline
 * is the mean over the clothing, cell-phone and Indonesian files (as before issue 14); movie
 * reviews are an out-of-domain control, never trained on. The generalisation figure is the mean
 * leave-one-domain-out balanced accuracy over the English customer sources (domain-holdout.ts:
 * the recipe retrained once per source without it, that source's test part read), with the
 * expected calibration error of those readings, the share of readings below the calibrated
 * threshold, and the hand-written hard cases (tests/feedback/hard-cases.ts) per half.
 *
 * Speed: every contender reads every file at least BENCH_ROUNDS times (default 5) and at least
 * BENCH_MIN_ITEMS comments (default 10,000, so a small file is timed long enough to mean
 * something), in turns that rotate who goes first, after an untimed warm-up pass; the machine is
 * shared and absolute times drift, so what counts is the ratio to AFINN in the same run. Not a test.
 */
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const minimumRounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const minimumItems = Math.max(0, Number(process.env.BENCH_MIN_ITEMS ?? 10_000));

interface FileResult {
  file: string;
  domain: LabelledRow['domain'];
  rows: number;
  rounds: number;
  accuracy: Map<string, BalancedAccuracy>;
  /** Milliseconds spent per contender over all rounds. */
  milliseconds: Map<string, number>;
}

function benchFile(file: string, rows: LabelledRow[], contenders: Contender[]): FileResult {
  const texts = rows.map((row) => row.text);
  const accuracy = new Map<string, BalancedAccuracy>();
  const milliseconds = new Map<string, number>();
  for (const contender of contenders) {
    const metric = new BalancedAccuracy();
    rows.forEach((row) => metric.add(row.label, contender.classify(row.text)));
    accuracy.set(contender.name, metric);
    milliseconds.set(contender.name, 0);
  }
  let sink = 0;
  const rounds = Math.max(minimumRounds, Math.ceil(minimumItems / Math.max(1, rows.length)));
  for (let round = 0; round < rounds; round++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      const contender = contenders[(round + turn) % contenders.length] as Contender;
      const started = performance.now();
      for (const text of texts) sink += contender.classify(text).length;
      milliseconds.set(contender.name, (milliseconds.get(contender.name) ?? 0) + performance.now() - started);
    }
  }
  if (sink === 0) console.error('(no predictions)');
  return { file, domain: rows[0]?.domain ?? 'customer', rows: rows.length, rounds, accuracy, milliseconds };
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const perSecond = (items: number, milliseconds: number) => (milliseconds > 0 ? (items * 1000) / milliseconds : 0);

const dataDir = feedbackDataDir(REPO_ROOT);
const { rows, files } = loadFeedbackData(dataDir);
const contenders = createContenders();
const names = contenders.map((contender) => contender.name);
const results: FileResult[] = [];
for (const file of files) {
  const test = rows.filter((row) => row.file === file && row.part === 'test' && row.label !== 'neutral');
  if (test.length > 0) results.push(benchFile(file, test, contenders));
}

/** The in-domain headline's files, as before issue 14 (the other trained files are listed too). */
const IN_DOMAIN_SOURCES = new Set(['womens_clothing_reviews', 'amazon_cells', 'prdect_id']);
const sourceOfFile = (file: string) => rows.find((row) => row.file === file)?.source ?? file;
const customer = results.filter((result) => result.domain === 'customer' && IN_DOMAIN_SOURCES.has(sourceOfFile(result.file)));
const headline = (name: string) => customer.reduce((sum, result) => sum + (result.accuracy.get(name)?.value ?? 0), 0) / Math.max(1, customer.length);
const itemsPerSecond = (name: string, selected: FileResult[]) =>
  perSecond(
    selected.reduce((sum, result) => sum + result.rows * result.rounds, 0),
    selected.reduce((sum, result) => sum + (result.milliseconds.get(name) ?? 0), 0),
  );

const header = `| | ${names.join(' | ')} |`;
const rule = `|---|${names.map(() => '---:').join('|')}|`;
const lines = [
  `Balanced accuracy on the test part (comments alone; data: ${dataDir})`,
  '',
  header,
  rule,
  ...results.map(
    (result) =>
      `| ${result.file} (${result.rows} rows${result.domain === 'control' ? ', out-of-domain control' : IN_DOMAIN_SOURCES.has(sourceOfFile(result.file)) ? '' : ', not in the headline'}) | ${names.map((name) => percent(result.accuracy.get(name)?.value ?? 0)).join(' | ')} |`,
  ),
  `| **in-domain headline: mean of the clothing, cell-phone and Indonesian files** | ${names.map((name) => `**${percent(headline(name))}**`).join(' | ')} |`,
  '',
  'Speed (items/s; ratio to AFINN measured in the same run)',
  '',
  header,
  rule,
  ...results.map((result) => {
    const baseline = perSecond(result.rows * result.rounds, result.milliseconds.get(BASELINE) ?? 0);
    const cells = names.map((name) => {
      const speed = perSecond(result.rows * result.rounds, result.milliseconds.get(name) ?? 0);
      return `${speed.toFixed(0)} (${(speed / baseline).toFixed(2)}×)`;
    });
    return `| ${result.file} (${result.rounds} rounds) | ${cells.join(' | ')} |`;
  }),
  `| mean of the per-file ratios | ${names
    .map((name) => {
      const ratios = results.map((result) => (result.milliseconds.get(BASELINE) ?? 0) / Math.max(1e-9, result.milliseconds.get(name) ?? 0));
      return `${(ratios.reduce((sum, ratio) => sum + ratio, 0) / ratios.length).toFixed(2)}×`;
    })
    .join(' | ')} |`,
  `| **all files** (items / total time) | ${names
    .map((name) => `**${itemsPerSecond(name, results).toFixed(0)} (${(itemsPerSecond(name, results) / itemsPerSecond(BASELINE, results)).toFixed(2)}×)**`)
    .join(' | ')} |`,
];
console.log(lines.join('\n'));

// Leave one domain out: the recipe retrained without each English source, its test part read.
const started = performance.now();
const heldOut = leaveOneDomainOut(rows, readPriorLexicon(), WRITTEN_TRAINING_EXAMPLES, 'test');
const trainingSeconds = (performance.now() - started) / 1000;
const lexiconsOn = (source: string, name: string) => {
  const metric = new BalancedAccuracy();
  const contender = contenders.find((candidate) => candidate.name === name) as Contender;
  for (const row of rows) if (row.source === source && row.part === 'test' && row.label !== 'neutral') metric.add(row.label, contender.classify(row.text));
  return metric.value;
};
const baselines = names.filter((name) => name !== 'afterglow');
const { calibration } = trainedModelScorer();
const readings = heldOut.flatMap((result) => result.readings);
const uncalibrated = scored(readings, 1);
const calibrated = scored(readings, calibration.temperature);
const below = belowThreshold(calibrated, calibration.minimumConfidence);
const inDomainTest = rows.filter((row) => row.part === 'test' && row.domain === 'customer' && row.label !== 'neutral' && IN_DOMAIN_SOURCES.has(row.source));
const notConfidentInDomain = inDomainTest.filter((row) => classifyFeedback({ comment: row.text }).confident === false).length / Math.max(1, inDomainTest.length);

const hard = (half: 'tune' | 'report') => {
  const cases = HARD_CASES.filter((entry) => entry.half === half);
  let right = 0;
  let falseAlarms = 0;
  for (const entry of cases) {
    const result = classifyFeedback({ comment: entry.text });
    if (result.sentiment === entry.sentiment && (entry.recovery === undefined || result.recovery === entry.recovery)) right++;
    if (result.recovery && entry.recovery === false) falseAlarms++;
  }
  return `${right}/${cases.length} (${percent(right / Math.max(1, cases.length))}), ${falseAlarms} false recovery alarm${falseAlarms === 1 ? '' : 's'}`;
};

console.log(
  [
    '',
    `Leave one domain out (English customer sources; the recipe retrained ${heldOut.length} times in ${trainingSeconds.toFixed(0)} s, each held-out source's test part read)`,
    '',
    `| held-out source | afterglow | ${baselines.join(' | ')} |`,
    `|---|---:|${baselines.map(() => '---:').join('|')}|`,
    ...heldOut.map((result) => `| ${result.source} (${result.accuracy.rows} rows) | ${percent(result.accuracy.value)} | ${baselines.map((name) => percent(lexiconsOn(result.source, name))).join(' | ')} |`),
    `| **mean (the generalisation figure)** | **${percent(meanAccuracy(heldOut))}** | ${baselines.map((name) => `**${percent(heldOut.reduce((sum, result) => sum + lexiconsOn(result.source, name), 0) / Math.max(1, heldOut.length))}**`).join(' | ')} |`,
    `| in-domain headline, for comparison | ${percent(headline('afterglow'))} | ${baselines.map((name) => percent(headline(name))).join(' | ')} |`,
    '',
    `Calibration of those readings (${readings.length} model readings): expected calibration error ${uncalibrated.length ? expectedCalibrationError(uncalibrated).toFixed(4) : '-'} as the log-odds stand, ${expectedCalibrationError(calibrated).toFixed(4)} with the committed temperature ${calibration.temperature}.`,
    `Below the calibrated threshold ${calibration.minimumConfidence} (not confident, routed as neutral): ${percent(below.share)} of the held-out readings (right ${percent(below.accuracy)} of the time); ${percent(notConfidentInDomain)} of the in-domain test comments.`,
    '',
    `Hand-written hard cases (tests/feedback/hard-cases.ts, comments alone): tuned half ${hard('tune')}; reported half ${hard('report')}.`,
  ].join('\n'),
);
