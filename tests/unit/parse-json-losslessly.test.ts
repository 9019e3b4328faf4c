import { describe, expect, it } from 'vitest';
import { InvalidPayloadError } from '../../lib/errors.ts';
import { parseJsonLosslessly } from '../../lib/json/parse-json-losslessly.ts';

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
