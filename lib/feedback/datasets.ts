import { readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { parseCsvRecords } from './csv.ts';
import { isValidation, splitOf, type SplitPart } from './split.ts';
import type { Sentiment } from './types.ts';

/**
 * The labelled feedback files, read into one row shape for training and the benchmark. Only the
 * training script, the benchmark and the tests read files; the classifier itself never does.
 */
export interface LabelledRow {
  file: string;
  /** Customer feedback, or the out-of-domain control (movie reviews). */
  domain: 'customer' | 'control';
  text: string;
  /** A review title, when the source has one: extra short training text, never benchmarked. */
  title?: string;
  label: Sentiment;
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

function row(file: string, domain: LabelledRow['domain'], text: string, label: Sentiment, extra: Partial<LabelledRow> = {}): LabelledRow {
  return { file, domain, text, label, part: splitOf(text), validation: isValidation(text), ...extra };
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
  return undefined;
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
  return { rows, files, skipped };
}
