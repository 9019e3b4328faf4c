import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InvalidPayloadError } from '../../lib/errors.ts';
import { parseJsonLosslessly } from '../../lib/json/parse-json-losslessly.ts';
import { storableValue } from '../../lib/text/storable-text.ts';

describe('parseJsonLosslessly', () => {
  it('keeps integers beyond 2^53 as their exact digits', () => {
    const parsed = parseJsonLosslessly('{"id": 9223372036854775807, "small": 42, "price": 19.99}') as Record<string, unknown>;
    expect(parsed).toEqual({ id: '9223372036854775807', small: 42, price: 19.99 });
    // what JSON.parse would have done
    expect(String((JSON.parse('{"id": 9223372036854775807}') as { id: number }).id)).not.toBe('9223372036854775807');
  });
  it('2^53 + 1 is kept as text, 2^53 - 1 as a number', () => {
    expect(parseJsonLosslessly('[9007199254740993, 9007199254740991]')).toEqual(['9007199254740993', 9007199254740991]);
  });
  it('long digit runs inside strings are left alone', () => {
    expect(parseJsonLosslessly('{"note": "call 12345678901234567890"}')).toEqual({ note: 'call 12345678901234567890' });
  });
  it('refuses invalid JSON with InvalidPayloadError', () => {
    expect(() => parseJsonLosslessly('{"a": 1')).toThrow(InvalidPayloadError);
    expect(() => parseJsonLosslessly('{"a": 12345678901234567890')).toThrow(InvalidPayloadError);
    expect(() => parseJsonLosslessly('')).toThrow(/not valid JSON/);
  });
});

describe('parseJsonLosslessly: the scan that lets a body skip the storable-text walk', () => {
  // Strings from the whole UTF-16 range (lone surrogates and NUL included), as keys and values, escaped or raw.
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(text, tie('node'), { maxKeys: 4 })),
  })).node;

  it('gives exactly what the walk over every string gives, whatever the strings hold', () => {
    fc.assert(
      fc.property(value, fc.boolean(), (parsed, raw) => {
        // JSON.stringify escapes NUL and lone surrogates; `raw` puts lone surrogates into the text as they are.
        const json = raw ? JSON.stringify(parsed).replace(/\\u(d[89a-f][0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : JSON.stringify(parsed);
        expect(parseJsonLosslessly(json)).toEqual(storableValue(JSON.parse(json)));
      }),
      { numRuns: 2000 },
    );
  });
  it('a body with nothing to change is returned as parsed; one with NUL or a lone surrogate is cleaned', () => {
    expect(parseJsonLosslessly('{"name": "Zoë 🎉", "note": "\\\\u0000 is six characters"}')).toEqual({ name: 'Zoë 🎉', note: '\\u0000 is six characters' });
    expect(parseJsonLosslessly('{"na\\u0000me": "a\\u0000b", "x": ["\\ud800"]}')).toEqual({ name: 'ab', x: ['\ufffd'] });
    expect(parseJsonLosslessly('{"x": "\\uDC00", "id": 12345678901234567890}')).toEqual({ x: '\ufffd', id: '12345678901234567890' });
  });
});
