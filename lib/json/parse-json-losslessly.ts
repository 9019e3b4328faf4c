import { isSafeNumber, parse } from 'lossless-json';
import { InvalidPayloadError } from '../errors.ts';

/**
 * Node 20's `JSON.parse` rounds integers above 2^53 (Shopify ids have 19 digits). A number that
 * would lose digits is kept as its exact text instead; every other number is a plain number.
 * Bodies without any run of 16+ digits cannot hold such a number, so they take the fast path.
 */
export const parseJsonLosslessly = (text: string): unknown => {
  try {
    if (!/\d{16}/.test(text)) return JSON.parse(text);
    return parse(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits));
  } catch (error) {
    throw new InvalidPayloadError(`body is not valid JSON: ${(error as Error).message}`);
  }
};
