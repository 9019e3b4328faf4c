import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecord, type CsvCell } from '../../lib/advocacy/csv-record.ts';

/** What the export wrote before its own writer: csv-stringify, with the options the export used. */
const byCsvStringify = (cells: readonly CsvCell[]): string =>
  stringify([cells.map((cell) => (cell === null ? '' : typeof cell === 'boolean' ? String(cell) : cell))], {
    escape_formulas: true,
    quoted_string: true,
    record_delimiter: 'windows',
  });

/** Text a customer could write, weighted towards what CSV and spreadsheets treat specially. */
const tricky = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', "'", ' ', 'a', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', 'é', '😀'), maxLength: 12 }),
);
const cell: fc.Arbitrary<CsvCell> = fc.oneof(tricky, fc.constant(null), fc.boolean(), fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: false }));

describe('a CSV record of the export, written without csv-stringify', () => {
  it('property: for any cells it is byte for byte what csv-stringify wrote', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 20 }), (cells) => {
        expect(csvRecord(cells)).toBe(byCsvStringify(cells));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['a formula is neutralised, its quotes doubled', ['=HYPERLINK("http://evil.example","x")'], `"'=HYPERLINK(""http://evil.example"",""x"")"\r\n`],
    ['a full-width plus is a formula too', ['\uFF0B1'], `"'\uFF0B1"\r\n`],
    ['a negative number is a number, negative text is a formula', [-2, '-2'], `-2,"'-2"\r\n`],
    ['null and empty are an empty quoted cell', [null, ''], `"",""\r\n`],
    ['a newline and a comma stay inside the quotes', ['one,\r\ntwo'], `"one,\r\ntwo"\r\n`],
    ['non-ASCII is written as it is', ['Zoë 😀 東京'], `"Zoë 😀 東京"\r\n`],
    ['booleans are text', [true, false], `"true","false"\r\n`],
  ] as const)('%s', (_, cells, expected) => {
    // Act
    const record = csvRecord(cells);
    // Assess: the same as csv-stringify, and as written here
    expect(record).toBe(expected);
    expect(record).toBe(byCsvStringify(cells));
  });
});
