import type { z } from 'zod';
import { DeadLetterSchema } from './dead-letter.ts';
import { FeedbackEventSchema } from './feedback-event.ts';
import { OrderEventSchema } from './order-event.ts';
import { RecoverySignalSchema } from './recovery-signal.ts';

/**
 * Every versioned event contract, by the name its saved samples carry (`events/samples/<name>.v<N>.json`).
 * Each schema is a union over `version`: during a rolling deploy producers of the new version and
 * of the previous one run side by side, so consumers accept both (the contract test checks it
 * against the samples of every version).
 */
export const CONTRACTS = {
  'order-event': OrderEventSchema,
  'feedback-event': FeedbackEventSchema,
  'recovery-signal': RecoverySignalSchema,
  'dead-letter': DeadLetterSchema,
} as const;
export type ContractName = keyof typeof CONTRACTS;

/** The versions a contract's consumers accept, oldest first. */
export const versionsOf = (schema: z.ZodDiscriminatedUnion): number[] =>
  schema.options.map((option) => Number(((option as z.ZodObject).shape.version as z.ZodLiteral).value)).sort((a, b) => a - b);
