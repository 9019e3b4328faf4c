import { createHash } from 'node:crypto';
import * as z from 'zod';
import { isStorableInstant } from '../http/request-params.ts';

/** A platform id as the lossless parser hands it over (number when safe, text otherwise): always text. */
export const PlatformIdSchema = z
  .union([z.number().int(), z.string().min(1)])
  .transform((id) => String(id));

/** An optional id where platforms write 0 or '' for "none" (WooCommerce guest customer, no variation). */
export const OptionalPlatformIdSchema = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((id) => (id === undefined || id === null || id === 0 || id === '' || id === '0' ? null : String(id)));

/** A money amount that platforms send as text ("199.00") or as a number (199, 3). */
export const AmountSchema = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)])
  .nullish()
  .transform((amount) => (amount === undefined || amount === null ? null : String(amount)));

export const normaliseEmail = (email: string | null | undefined): string | null => {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
};

/**
 * A fingerprint of a postal address: the first line, postcode and country, lower-cased and reduced
 * to letters and digits, hashed. Two spellings of one door mostly agree; the address is not kept.
 */
export const addressKeyOf = (address: { line1?: string | null; postcode?: string | null; country?: string | null } | null | undefined): string | null => {
  const squash = (text: string | null | undefined) => (text ?? '').normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
  const line1 = squash(address?.line1);
  if (!line1) return null;
  return createHash('sha256').update(`${line1}|${squash(address?.postcode)}|${squash(address?.country)}`).digest('hex').slice(0, 32);
};

export const nonEmpty = (text: string | null | undefined): string | null => {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
};

/** DESIGN: customer = platform customer id, else normalised email, else the order id (guest checkouts). */
export const customerKeyOf = (parts: {
  customerId: string | null;
  email: string | null;
  orderId: string;
}): string =>
  parts.customerId ? `c:${parts.customerId}` : parts.email ? `e:${parts.email}` : `o:${parts.orderId}`;

/** Any date the platforms send, as an ISO instant in UTC; null when absent or unreadable. */
export const toInstant = (value: string | number | null | undefined, { assumeUtc = false } = {}): string | null => {
  if (value === null || value === undefined || value === '') return null;
  // WooCommerce's *_gmt fields carry no zone designator but are UTC.
  const text = typeof value === 'string' && assumeUtc && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/.test(value) ? `${value}Z` : value;
  const date = typeof text === 'number' ? new Date(text * 1000) : new Date(text);
  // A time JavaScript reads but PostgreSQL cannot store (or no shop lived in) is no time at all.
  return isStorableInstant(date) ? date.toISOString() : null;
};

const SCALE = 4;
const toScaled = (amount: string): bigint => {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const scaled = BigInt(whole) * 10n ** BigInt(SCALE) + BigInt((fraction + '0'.repeat(SCALE)).slice(0, SCALE));
  return negative ? -scaled : scaled;
};
const fromScaled = (scaled: bigint): string => {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(SCALE + 1, '0');
  const whole = digits.slice(0, -SCALE);
  const fraction = digits.slice(-SCALE).replace(/0+$/, '').padEnd(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
};

/** Sums money amounts exactly (no binary floating point), e.g. refunds of "10.00" and "9.00". */
export const sumAmounts = (amounts: readonly string[]): string =>
  fromScaled(amounts.reduce((total, amount) => total + toScaled(amount), 0n));

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export const compareAmounts = (a: string, b: string): number => {
  const difference = toScaled(a) - toScaled(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
};

export const absoluteAmount = (amount: string): string => amount.replace(/^-/, '');
