import * as z from 'zod';
import { InvalidRequestError } from '../errors.ts';
import { hasUnstorableText } from '../text/storable-text.ts';

/**
 * Every parameter a request carries (path parameters, query values, the headers afterglow reads)
 * is checked here, at the edge, before it reaches a repository: a value PostgreSQL or the domain
 * cannot take is the caller's mistake and a 400 that says which parameter, never a 500 from deep
 * inside. The local server and API Gateway hand the handlers the same parameters, so the checks
 * live in the handlers, not in the server.
 */

type Params = Readonly<Record<string, string | undefined>> | undefined;

/** Control characters (C0, DEL, C1) have no place in an id, a cursor or a query value. */
 
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** The longest path parameter or query value afterglow hands on (ids, tokens, cursors, filters). */
export const MAX_PARAM_LENGTH = 2_048;

const describeBadText = (value: string): string | null => {
  if (value.length > MAX_PARAM_LENGTH) return `is longer than ${MAX_PARAM_LENGTH} characters`;
  if (CONTROL_CHARACTERS.test(value)) return 'holds control characters';
  if (hasUnstorableText(value)) return 'is not valid Unicode text';
  return null;
};

/**
 * The class check every handler runs first: each path parameter and query value (and query name)
 * is text of bounded length without control characters or broken Unicode.
 */
export const assertCleanParams = (event: { readonly pathParameters?: Params; readonly queryStringParameters?: Params }): void => {
  for (const [where, params] of [['path parameter', event.pathParameters], ['query parameter', event.queryStringParameters]] as const) {
    for (const [name, value] of Object.entries(params ?? {})) {
      const badName = describeBadText(name);
      if (badName) throw new InvalidRequestError(`a ${where} name ${badName}`);
      const bad = value === undefined ? null : describeBadText(value);
      if (bad) throw new InvalidRequestError(`${where} ${name} ${bad}`);
    }
  }
};

/** The same check for customer pages, which answer a polite page rather than a message: true when clean. */
export const cleanParams = (event: Parameters<typeof assertCleanParams>[0]): boolean => {
  try {
    assertCleanParams(event);
    return true;
  } catch (error) {
    if (error instanceof InvalidRequestError) return false;
    throw error;
  }
};

/** Runs a zod schema over one parameter; its first issue becomes the 400's message. */
const parseParam = <T>(schema: z.ZodType<T>, name: string, value: string | undefined): T => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidRequestError(`${name} ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
  return parsed.data;
};

/** An id from a path or query: printable text, no slashes' worth of surprises, at most 256 characters. */
export const IdSchema = z
  .string()
  .min(1, 'is empty')
  .max(256, 'is longer than 256 characters')
  .refine((value) => describeBadText(value) === null, 'holds characters an id cannot hold');

export const idParam = (name: string, value: string | undefined): string => parseParam(IdSchema, name, value);

/** `?limit=`: a whole number in [1, max]; absent → the default. */
export const pageLimitParam = (value: string | undefined, options: { defaultLimit?: number; max?: number } = {}): number => {
  const max = options.max ?? 500;
  if (value === undefined) return options.defaultLimit ?? 50;
  return parseParam(
    z
      .string()
      .regex(/^\d{1,6}$/, `is 1 to ${max}`)
      .transform(Number)
      .refine((limit) => limit >= 1 && limit <= max, `is 1 to ${max}`),
    'limit',
    value,
  );
};

/** The largest value of PostgreSQL's bigint: row ids and export positions are bigints. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A bigint position (`?after=` of the outbox, an export position): digits that fit PostgreSQL's bigint. */
export const BigintTextSchema = z
  .string()
  .regex(/^\d{1,19}$/, 'is a whole number')
  // zod runs a refinement even when the pattern failed: BigInt() only sees digits.
  .refine((digits) => /^\d{1,19}$/.test(digits) && BigInt(digits) <= MAX_BIGINT, 'is out of range');

export const bigintParam = (name: string, value: string): string => parseParam(BigintTextSchema, name, value);

/** An opaque cursor handed out by afterglow: base64url, bounded; its contents are checked by its decoder. */
export const cursorParam = (value: string): string =>
  parseParam(z.string().max(1_024, 'is not one afterglow handed out').regex(/^[A-Za-z0-9_-]+$/, 'is not one afterglow handed out'), 'cursor', value);

/**
 * Instants afterglow accepts: ISO-8601 (a date, or a date and time with an optional zone), years
 * 1970 to 9999. JavaScript reads `-271821-04-20T00:00:00Z`; PostgreSQL cannot store it, and no
 * order happened then.
 */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
export const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const InstantSchema = z
  .string()
  .regex(ISO_8601, 'is an ISO-8601 date or time (years 1970 to 9999)')
  .transform((text) => new Date(text))
  .refine((at) => !Number.isNaN(at.getTime()) && at.getTime() >= EARLIEST_INSTANT && at.getTime() <= LATEST_INSTANT, 'is an ISO-8601 date or time (years 1970 to 9999)');

export const instantParam = (name: string, value: string): Date => parseParam(InstantSchema, name, value);

/** A decoded cursor's time must be one afterglow could have written. */
export const isStorableInstant = (at: Date): boolean => !Number.isNaN(at.getTime()) && at.getTime() >= EARLIEST_INSTANT && at.getTime() <= LATEST_INSTANT;

/** A shop domain as a header names it: lower-cased and trimmed, or null when it cannot be a host name. */
export const shopDomainOf = (value: string | null | undefined): string | null => {
  const domain = value?.trim().toLowerCase() ?? '';
  return domain.length > 0 && domain.length <= 253 && /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/.test(domain) ? domain : null;
};
