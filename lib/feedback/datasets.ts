import { readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { parseCsvRecords } from './csv.ts';
import { isValidation, splitKey, splitOf, type SplitPart } from './split.ts';
import { pairSummaries } from './summary-pairing.ts';
import type { Sentiment } from './types.ts';

/**
 * The labelled feedback files, read into one row shape for training and the benchmark. Only the
 * training script, the benchmark and the tests read files; the classifier itself never does.
 */
export interface LabelledRow {
  file: string;
  /** Customer feedback, or the out-of-domain control (movie reviews: never trained on). */
  domain: 'customer' | 'control';
  /**
   * The source the row comes from: one domain for the leave-one-domain-out figure. A review
   * body and its summary (and a source's extra sample) share it (see `sourceOf`).
   */
  source: string;
  language: 'en' | 'id';
  /** A summary row of a review body (its own labelled text); it takes its body's side of the split. */
  summary?: boolean;
  text: string;
  /** A review title, when the source has one: extra short training text, never benchmarked. */
  title?: string;
  label: Sentiment;
  /** The rating on the file's own scale, where pairing needs it. */
  rating?: number;
  /** Only for sources that carry one next to the rating (PRDECT-ID's Sentiment column). */
  annotatedSentiment?: 'happy' | 'unhappy';
  part: SplitPart;
  validation: boolean;
}

export const DATA_DIR_ENV = 'AFTERGLOW_FEEDBACK_DATA';

/** `AFTERGLOW_FEEDBACK_DATA`, else `../shared/data/feedback`; a relative path is taken from the repo root. */
export function feedbackDataDir(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[DATA_DIR_ENV]?.trim() || '../shared/data/feedback';
  return isAbsolute(configured) ? configured : resolve(repoRoot, configured);
}

export function labelFromRating(rating: number): Sentiment {
  if (rating >= 4) return 'happy';
  if (rating <= 2) return 'unhappy';
  return 'neutral';
}

/** Summaries follow their review: `amazon_fine_food_review_summaries_en.csv` → `amazon_fine_food_reviews_en.csv`. */
export function bodyFileOf(file: string): string | undefined {
  return /_review_summar(?:y|ies)/.test(file) ? file.replace(/_review_summar(?:y|ies)/, '_reviews') : undefined;
}

/**
 * The source of a file: its name without the extension, the language suffix, the "extra sample"
 * marker and the summary marker. `amazon_fine_food_review_summaries_extra_en.csv` and
 * `amazon_fine_food_reviews_en.csv` are both `amazon_fine_food_reviews`.
 */
export function sourceOf(file: string): string {
  return (bodyFileOf(file) ?? file)
    .replace(/\.(?:csv|txt)$/i, '')
    .replace(/_extra(?=_|$)/, '')
    .replace(/_(?:en|id)$/, '')
    .replace(/_(?:labelled|indonesian)$/, '');
}

function row(file: string, domain: LabelledRow['domain'], text: string, label: Sentiment, extra: Partial<LabelledRow> = {}): LabelledRow {
  const language = /indonesian|_id\b/i.test(file) ? 'id' : 'en';
  return { file, domain, source: sourceOf(file), language, text, label, part: splitOf(text), validation: isValidation(text), ...extra };
}

/** A rating on a `text,rating,scale` file's scale (see the data folder's SOURCE.md). */
export function labelOnScale(rating: number, scale: string): Sentiment | undefined {
  switch (scale) {
    case 'stars5':
      return labelFromRating(rating);
    case 'nps11':
      return rating >= 9 ? 'happy' : rating <= 6 ? 'unhappy' : 'neutral';
    case 'label3':
      return rating <= 1 ? 'unhappy' : rating >= 5 ? 'happy' : 'neutral';
    default:
      return undefined;
  }
}

/** `sentence<TAB>0|1` (UCI Sentiment Labelled Sentences). */
function readTabLabelled(file: string, content: string, domain: LabelledRow['domain']): LabelledRow[] {
  const rows: LabelledRow[] = [];
  for (const line of content.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    const text = line.slice(0, tab).trim();
    const flag = line.slice(tab + 1).trim();
    if (!text || (flag !== '0' && flag !== '1')) continue;
    rows.push(row(file, domain, text, flag === '1' ? 'happy' : 'unhappy'));
  }
  return rows;
}

function readCsvLabelled(file: string, content: string): LabelledRow[] | undefined {
  const records = parseCsvRecords(content);
  const first = records[0];
  if (!first) return [];
  if ('Review Text' in first && 'Rating' in first) {
    return records.flatMap((record) => {
      const text = (record['Review Text'] ?? '').trim();
      const rating = Number(record.Rating);
      if (!text || !Number.isFinite(rating)) return [];
      const title = (record.Title ?? '').trim();
      return [row(file, 'customer', text, labelFromRating(rating), title ? { title } : {})];
    });
  }
  if ('Customer Review' in first && 'Customer Rating' in first) {
    return records.flatMap((record) => {
      const text = (record['Customer Review'] ?? '').trim();
      const rating = Number(record['Customer Rating']);
      if (!text || !Number.isFinite(rating)) return [];
      const annotated = record.Sentiment === 'Positive' ? 'happy' : record.Sentiment === 'Negative' ? 'unhappy' : undefined;
      return [row(file, 'customer', text, labelFromRating(rating), annotated ? { annotatedSentiment: annotated } : {})];
    });
  }
  if ('text' in first && 'rating' in first && 'scale' in first) {
    return records.flatMap((record) => {
      const text = (record.text ?? '').trim();
      const rating = Number(record.rating);
      const label = labelOnScale(rating, (record.scale ?? '').trim());
      if (!text || !Number.isFinite(rating) || !label) return [];
      return [row(file, 'customer', text, label, { rating })];
    });
  }
  return undefined;
}

/**
 * Puts every summary row on its review's side of the split (summary-pairing.ts). A summary left
 * without a review keeps its own side. A test-side summary whose words also appear on the train
 * side ("Great taffy" is many people's summary) is dropped, so no test row has a twin in training.
 */
function pairWithBodies(rows: LabelledRow[]): LabelledRow[] {
  const byFile = new Map<string, LabelledRow[]>();
  for (const entry of rows) {
    const list = byFile.get(entry.file);
    if (list) list.push(entry);
    else byFile.set(entry.file, [entry]);
  }
  for (const [file, summaries] of byFile) {
    const bodies = byFile.get(bodyFileOf(file) ?? '');
    if (!bodies) continue;
    const pairs = pairSummaries(
      bodies.map((body) => ({ text: body.text, rating: body.rating ?? 0 })),
      summaries.map((summary) => ({ text: summary.text, rating: summary.rating ?? 0 })),
    );
    summaries.forEach((summary, index) => {
      summary.summary = true;
      const body = bodies[pairs[index] ?? -1];
      if (body) {
        summary.part = body.part;
        summary.validation = body.validation;
      }
    });
  }
  const train = new Set(rows.filter((entry) => entry.part === 'train').map((entry) => splitKey(entry.text)));
  return rows.filter((entry) => !(entry.summary && entry.part === 'test' && train.has(splitKey(entry.text))));
}

/** Every file of the folder this module knows how to read; others are reported, not guessed at. */
export function loadFeedbackData(dir: string): { rows: LabelledRow[]; files: string[]; skipped: string[] } {
  const rows: LabelledRow[] = [];
  const files: string[] = [];
  const skipped: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const file = basename(path);
    let read: LabelledRow[] | undefined;
    if (name.endsWith('.txt')) {
      const domain = /imdb|movie|film/i.test(name) ? 'control' : 'customer';
      read = readTabLabelled(file, readFileSync(path, 'utf8'), domain);
      if (read.length === 0) read = undefined;
    } else if (name.endsWith('.csv')) {
      read = readCsvLabelled(file, readFileSync(path, 'utf8'));
    }
    if (read === undefined) {
      if (!/\.md$/i.test(name)) skipped.push(file);
      continue;
    }
    files.push(file);
    rows.push(...read);
  }
  return { rows: pairWithBodies(rows), files, skipped };
}
