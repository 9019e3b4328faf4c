import { isSafeNumber, parse } from 'lossless-json';
import { InvalidPayloadError } from '../errors.ts';
import { mayParseToUnstorable, storableValue } from '../text/storable-text.ts';
import { jsonSyntaxPosition } from './json-syntax-problem.ts';

/**
 * Node 20's `JSON.parse` rounds integers above 2^53 (Shopify ids have 19 digits). A number that
 * would lose digits is kept as its exact text instead; every other number is a plain number.
 * Bodies without any run of 16+ digits cannot hold such a number, so they take the fast path.
 *
 * Every string of the result is storable (see storable-text.ts: NUL and unpaired surrogates
 * become U+FFFD). Callers verify signatures on the raw bytes before they parse, so this never
 * changes what was signed, only what is kept.
 */
export const parseJsonLosslessly = (text: string): unknown => {
  let parsed: unknown;
  try {
    parsed = /\d{16}/.test(text) ? parse(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits)) : JSON.parse(text);
  } catch (error) {
    throw new InvalidPayloadError(`body is not valid JSON${jsonSyntaxPosition(error)}`);
  }
  // One scan of the text instead of a walk over every string of the value, when nothing could need it.
  return mayParseToUnstorable(text) ? storableValue(parsed) : parsed;
};

/** Plain `JSON.parse` of a request body, with every string made storable (ids here are short). */
export const parseStorableJson = (text: string): unknown => {
  const parsed: unknown = JSON.parse(text);
  return mayParseToUnstorable(text) ? storableValue(parsed) : parsed;
};
