import * as z from 'zod';
import { versionsOf } from '../../events/contracts.ts';
import { InvalidPayloadError } from '../errors.ts';
import { parsePayload } from '../platforms/parse-payload.ts';
import { refuseNewerVersion } from './newer-contract-version.ts';
import { jsonSyntaxProblem } from './json-syntax-problem.ts';

/**
 * A message body as one of afterglow's contracts: JSON, then the schema. Either failure is an
 * InvalidPayloadError naming what is wrong (the first few issues), fit for a dead letter's reason.
 * A versioned contract (`afterglow.<name>`) at a version newer than the schema knows is not wrong
 * but early (a rolling deploy): NewerContractVersionError, retryable.
 */
export const parseContract = <Schema extends z.ZodType>(text: string, schema: Schema, name: string): z.output<Schema> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidPayloadError(`body is ${jsonSyntaxProblem(error)}`);
  }
  if (schema instanceof z.ZodDiscriminatedUnion) refuseNewerVersion(json, `afterglow.${name}`, versionsOf(schema));
  return parsePayload(schema, json, name);
};
