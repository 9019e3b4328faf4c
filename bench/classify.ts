import { fileURLToPath } from 'node:url';
import { feedbackDataDir, loadFeedbackData, type LabelledRow } from '../lib/feedback/datasets.ts';
import { BalancedAccuracy } from '../lib/feedback/metrics.ts';
import { BASELINE, createContenders, type Contender } from './sentiment-contenders.ts';

/**
 * `npm run bench:classify`: balanced accuracy and items/s of afterglow's classifier and of the
 * lexicons people reach for, on the TEST part of every labelled file (split.ts), comments alone.
 *
 * Balanced accuracy = mean of the recall on happy rows and on unhappy rows; rows labelled
 * neutral are left out, and a neutral prediction on the others is a miss. The headline is the
 * mean over the customer-feedback files; movie reviews are an out-of-domain control.
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

const customer = results.filter((result) => result.domain === 'customer');
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
      `| ${result.file} (${result.rows} rows${result.domain === 'control' ? ', out-of-domain control' : ''}) | ${names.map((name) => percent(result.accuracy.get(name)?.value ?? 0)).join(' | ')} |`,
  ),
  `| **headline: mean of the customer-feedback files** | ${names.map((name) => `**${percent(headline(name))}**`).join(' | ')} |`,
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
