import * as z from 'zod';
import { InvalidPayloadError } from '../errors.ts';
import { FeedbackScaleSchema } from '../../events/feedback-scale.ts';
import { scoreProblem } from './score.ts';
import type { FeedbackInput } from './types.ts';

/** BCP-47 in the shape survey tools send: "fr", "fr-FR", "zh-Hant-TW", "es_419". */
const LOCALE = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;

export const FeedbackInputSchema = z
  .object({
    score: z.number().nullish(),
    scale: FeedbackScaleSchema.nullish(),
    comment: z.string().nullish(),
    locale: z.string().regex(LOCALE, 'locale must be a BCP-47 tag such as "fr-FR"').nullish(),
  })
  .superRefine((input, context) => {
    if (input.score === null || input.score === undefined) return;
    if (!input.scale) {
      context.addIssue({ code: 'custom', path: ['scale'], message: 'a score needs its scale: nps, csat or stars' });
      return;
    }
    const problem = scoreProblem(input.score, input.scale);
    if (problem) context.addIssue({ code: 'custom', path: ['score'], message: problem });
  })
  .transform((input): FeedbackInput => {
    const parsed: FeedbackInput = {};
    if (input.score !== null && input.score !== undefined) parsed.score = input.score;
    if (input.scale) parsed.scale = input.scale;
    if (input.comment !== null && input.comment !== undefined) parsed.comment = input.comment;
    if (input.locale) parsed.locale = input.locale;
    return parsed;
  });

/**
 * Input the classifier refuses, with every problem found (e.g. "score: score 11 is outside the NPS
 * scale (0–10)"). An invalid payload: retrying it can never succeed, so it is dead-lettered.
 */
export class InvalidFeedbackInputError extends InvalidPayloadError {
  override readonly name: string = 'InvalidFeedbackInputError';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid feedback input: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

export function parseFeedbackInput(input: unknown): FeedbackInput {
  const result = FeedbackInputSchema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidFeedbackInputError(result.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)));
}
