import type { z } from 'zod';
import { InvalidPayloadError } from '../errors.ts';
import { parsePayload } from '../platforms/parse-payload.ts';

/**
 * A message body as one of afterglow's contracts: JSON, then the schema. Either failure is an
 * InvalidPayloadError naming what is wrong (the first few issues), fit for a dead letter's reason.
 */
export const parseContract = <Schema extends z.ZodType>(text: string, schema: Schema, name: string): z.output<Schema> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidPayloadError(`body is not JSON: ${(error as Error).message}`);
  }
  return parsePayload(schema, json, name);
};
