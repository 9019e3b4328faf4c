import type { z } from 'zod';
import { InvalidPayloadError } from '../errors.ts';

/** Validates a platform payload, naming the first few problems by path so a 400 says what is wrong. */
export const parsePayload = <S extends z.ZodType>(schema: S, payload: unknown, what: string): z.output<S> => {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw new InvalidPayloadError(`not a ${what}: ${problems}`);
};
