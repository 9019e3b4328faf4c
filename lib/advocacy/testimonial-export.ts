import { TestimonialScopeSchema, type DisplayNameForm, type TestimonialScope } from '../../events/feedback-event.ts';
import { InvalidRequestError } from '../errors.ts';
import type { ExportFilter, ExportInstant, ExportRow, TestimonialProduct } from '../store/testimonial-repository.ts';
import { csvRecord, type CsvCell } from './csv-record.ts';
import { renderDisplayName } from './display-name.ts';
import { BigintTextSchema, instantParam } from '../http/request-params.ts';

/**
 * The marketing export of approved, consented testimonials, as CSV, JSON or NDJSON, written one
 * row at a time as the store yields them: nothing here holds more than one row.
 */
export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRequest {
  readonly format: ExportFormat;
  readonly filter: ExportFilter;
}

/** One exported testimonial (JSON and NDJSON; CSV flattens it). */
export interface ExportedTestimonial {
  readonly id: string;
  readonly quote: string;
  readonly displayName: string | null;
  readonly displayNameForm: DisplayNameForm;
  readonly score: number | null;
  readonly scale: string | null;
  readonly language: string | null;
  readonly products: readonly TestimonialProduct[];
  readonly verifiedPurchase: boolean;
  readonly incentivised: boolean;
  readonly consent: {
    readonly scopes: readonly TestimonialScope[];
    readonly wording: string;
    readonly wordingVersion: string;
    readonly locale: string;
    readonly grantedAt: string;
  };
  readonly submittedAt: string;
  readonly approvedAt: string;
  /** Resume the export after this row: `?cursor=` */
  readonly cursor: string;
}

export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** The cursor is opaque to callers: a versioned export position. */
export const encodeCursor = (position: string): string => Buffer.from(`v1:${position}`, 'utf8').toString('base64url');

export const decodeCursor = (cursor: string): string => {
  const match = /^v1:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1] || !BigintTextSchema.safeParse(match[1]).success) throw new InvalidRequestError('cursor is not one this export handed out');
  return match[1];
};

const optionalInstant = (name: string, value: string | undefined): Date | null =>
  value === undefined || value === '' ? null : instantParam(name, value);

/** The query of `GET /api/testimonials` and of the streaming export, checked; 400 saying what is wrong. */
export const parseExportRequest = (query: Readonly<Record<string, string | undefined>>): ExportRequest => {
  const format = (query.format ?? 'json') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new InvalidRequestError(`format is one of ${EXPORT_FORMATS.join(', ')}`);
  const minScore = query.minScore === undefined || query.minScore === '' ? null : Number(query.minScore);
  if (minScore !== null && (!/^-?\d{1,6}(?:\.\d{1,6})?$/.test(query.minScore ?? '') || !Number.isFinite(minScore))) throw new InvalidRequestError('minScore is a number');
  const scope = query.scope ? TestimonialScopeSchema.safeParse(query.scope) : null;
  if (scope && !scope.success) throw new InvalidRequestError('scope is website, social or ads');
  return {
    format,
    filter: {
      since: optionalInstant('since', query.since),
      until: optionalInstant('until', query.until),
      minScore,
      product: query.product?.trim() || null,
      scope: scope?.data ?? null,
      afterPosition: query.cursor ? decodeCursor(query.cursor) : '0',
    },
  };
};

/** The store's ISO text as it is; its epoch milliseconds (a year outside 0001–9999) or a Date as `toISOString` prints them. */
const isoText = (instant: ExportInstant): string =>
  typeof instant !== 'string' ? instant.toISOString() : instant.endsWith('Z') ? instant : new Date(Number(instant)).toISOString();

export const exportedTestimonialOf = (row: ExportRow): ExportedTestimonial => ({
  id: row.id,
  quote: row.quote,
  displayName: renderDisplayName(row.display_name_form, row.first_name, row.last_name),
  displayNameForm: row.display_name_form,
  score: row.score === null ? null : Number(row.score),
  scale: row.scale,
  language: row.language,
  products: row.products,
  verifiedPurchase: row.verified_purchase,
  incentivised: row.incentivised,
  consent: {
    scopes: row.consent_scopes,
    wording: row.consent_wording,
    wordingVersion: row.consent_wording_version,
    locale: row.consent_locale,
    grantedAt: isoText(row.consent_recorded_at),
  },
  submittedAt: isoText(row.submitted_at),
  approvedAt: isoText(row.reviewed_at),
  cursor: encodeCursor(row.export_position),
});

const CSV_COLUMNS = [
  'id',
  'quote',
  'display_name',
  'display_name_form',
  'score',
  'scale',
  'language',
  'products',
  'product_ids',
  'skus',
  'scopes',
  'verified_purchase',
  'incentivised',
  'consent_wording_version',
  'consent_locale',
  'consent_granted_at',
  'submitted_at',
  'approved_at',
  'cursor',
] as const;

const csvCells = (view: ExportedTestimonial): CsvCell[] => [
    view.id,
    view.quote,
    view.displayName,
    view.displayNameForm,
    view.score,
    view.scale,
    view.language,
    view.products.map((product) => product.title).join('; '),
    view.products.map((product) => product.productId ?? '').join('; '),
    view.products.map((product) => product.sku ?? '').join('; '),
    view.consent.scopes.join(';'),
    view.verifiedPurchase,
    view.incentivised,
    view.consent.wordingVersion,
    view.consent.locale,
    view.consent.grantedAt,
    view.submittedAt,
    view.approvedAt,
    view.cursor,
  ];

/** How each format begins, separates rows and ends (JSON ends with the next cursor, null when complete). */
interface FormatWriter {
  head(): string;
  /** Consecutive rows, the first of them at `firstIndex` of the export. */
  rows(views: readonly ExportedTestimonial[], firstIndex: number): string;
  tail(nextCursor: string | null): string;
}

const WRITERS: Readonly<Record<ExportFormat, FormatWriter>> = {
  csv: { head: () => csvRecord(CSV_COLUMNS), rows: (views) => views.map((view) => csvRecord(csvCells(view))).join(''), tail: () => '' },
  json: {
    head: () => '{"testimonials":[',
    rows: (views, firstIndex) => views.map((view, offset) => `${firstIndex + offset === 0 ? '\n' : ',\n'}${JSON.stringify(view)}`).join(''),
    tail: (nextCursor) => `\n],"nextCursor":${JSON.stringify(nextCursor)}}\n`,
  },
  ndjson: { head: () => '', rows: (views) => views.map((view) => `${JSON.stringify(view)}\n`).join(''), tail: () => '' },
};

/**
 * Rows are formatted and sent this many at a time (a chunk of some 100 KiB): one write and one
 * formatter call per row cost more than the rows themselves, and a chunk this size keeps memory flat.
 */
export const EXPORT_CHUNK_ROWS = 256;

/**
 * The whole export as text chunks of a few hundred rows each, from the store's batches as they
 * are read (no promise per row): what the streaming function and `npm start` send.
 */
export async function* exportChunksOfBatches(format: ExportFormat, batches: AsyncIterable<readonly ExportRow[]>): AsyncGenerator<string> {
  const writer = WRITERS[format];
  let chunk = writer.head();
  let index = 0;
  for await (const batch of batches) {
    for (let start = 0; start < batch.length; start += EXPORT_CHUNK_ROWS) {
      const views = batch.slice(start, start + EXPORT_CHUNK_ROWS).map(exportedTestimonialOf);
      yield chunk + writer.rows(views, index);
      chunk = '';
      index += views.length;
    }
  }
  yield chunk + writer.tail(null);
}

/** Rows one by one, `EXPORT_CHUNK_ROWS` at a time. */
async function* batchesOf(rows: AsyncIterable<ExportRow>): AsyncGenerator<ExportRow[]> {
  let batch: ExportRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === EXPORT_CHUNK_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The whole export from rows one at a time, chunked as `exportChunksOfBatches` chunks it. */
export const exportChunks = (format: ExportFormat, rows: AsyncIterable<ExportRow>): AsyncGenerator<string> => exportChunksOfBatches(format, batchesOf(rows));

export interface ExportPage {
  readonly body: string;
  readonly count: number;
  readonly nextCursor: string | null;
}

/**
 * One page of the export for a buffered response (API Gateway answers at most 6 MB): rows until
 * `limit`, or until the next row would take the body past `maxBytes`; the cursor resumes after the
 * last row given. Holds one page, never the export.
 */
export const exportPage = async (
  format: ExportFormat,
  rows: AsyncIterable<ExportRow>,
  options: { limit: number; maxBytes: number },
): Promise<ExportPage> => {
  const writer = WRITERS[format];
  const parts = [writer.head()];
  let bytes = Buffer.byteLength(JSON.stringify(parts[0] ?? ''));
  let count = 0;
  let lastPosition: string | null = null;
  let more = false;
  // The tail, with the longest cursor it may carry, is reserved up front.
  const reserve = Buffer.byteLength(JSON.stringify(writer.tail(encodeCursor('9'.repeat(19)))));
  for await (const row of rows) {
    const chunk = writer.rows([exportedTestimonialOf(row)], count);
    // Measured as it will travel: Lambda's reply carries the body as a JSON string, escaped once more.
    const size = Buffer.byteLength(JSON.stringify(chunk)) - 2;
    if (count >= options.limit || (count > 0 && bytes + size + reserve > options.maxBytes)) {
      more = true;
      break;
    }
    parts.push(chunk);
    bytes += size;
    count += 1;
    lastPosition = row.export_position;
  }
  const nextCursor = more && lastPosition !== null ? encodeCursor(lastPosition) : null;
  parts.push(writer.tail(nextCursor));
  return { body: parts.join(''), count, nextCursor };
};
