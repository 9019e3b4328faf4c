/**
 * One CSV record exactly as csv-stringify writes it with `escape_formulas`, `quoted_string` and
 * `record_delimiter: 'windows'` (what the export used, and what tests/unit/csv-record.test.ts still
 * compares this with for arbitrary cells): every text cell quoted with its quotes doubled (RFC 4180),
 * a text cell that begins with = + - @ tab or carriage return (or the full-width = + - @) prefixed
 * with a single quote against formula injection (OWASP), a number as it prints, an empty or null
 * cell as `""`, the record ended by CRLF.
 *
 * Written here rather than taken from csv-stringify because, with every text cell quoted, what is
 * left of its work per cell (the cast dispatch, scans for delimiters, record delimiters and
 * `quoted_match`, an array per record) changes nothing in the output, yet was the export's largest
 * cost after reading the rows; this is that rule and nothing else.
 */
export type CsvCell = string | number | boolean | null;

/** What a spreadsheet could read as the start of a formula: = + - @ tab CR and the full-width = + - @. */
const startsFormula = (text: string): boolean => {
  switch (text.charCodeAt(0)) {
    case 0x3d: case 0x2b: case 0x2d: case 0x40: case 0x09: case 0x0d: case 0xff1d: case 0xff0b: case 0xff0d: case 0xff20:
      return true;
    default:
      return false;
  }
};

const textCell = (text: string): string => {
  const safe = startsFormula(text) ? `'${text}` : text;
  return safe.includes('"') ? `"${safe.replaceAll('"', '""')}"` : `"${safe}"`;
};

// A number is never a formula (csv-stringify leaves a leading minus alone) and holds nothing to quote.
const csvCell = (cell: CsvCell): string =>
  typeof cell === 'string' ? textCell(cell) : typeof cell === 'number' ? String(cell) : cell === null ? '""' : textCell(String(cell));

export const csvRecord = (cells: readonly CsvCell[]): string => {
  let record = '';
  for (let index = 0; index < cells.length; index += 1) record += (index === 0 ? '' : ',') + csvCell(cells[index] ?? null);
  return `${record}\r\n`;
};
