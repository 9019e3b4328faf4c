import { fnv1a } from './hash.ts';

/**
 * The one rule that splits every labelled row into train and test, committed with the code so
 * the benchmark can never see a training row. It hashes the row's normalised comment, not its
 * position: the rule survives reordered or appended files, and duplicate comments (the data
 * has a few hundred) always land on the same side, so a test row never has a twin in training.
 *
 * One row in four is test. Inside train, one row in ten (by an independent hash) is the
 * validation slice used for tuning, so no decision is ever taken on the test part.
 */
export type SplitPart = 'train' | 'test';

const SPLIT_SEED = 0x5eed_f00d;
const VALIDATION_SEED = 0x0ba1_1dae;
export const TEST_SHARE = 4; // 1 in 4
export const VALIDATION_SHARE = 10; // 1 in 10 of train

export function splitKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function splitOf(text: string): SplitPart {
  return fnv1a(splitKey(text), SPLIT_SEED) % TEST_SHARE === 0 ? 'test' : 'train';
}

/** True for the tuning slice of the train part (never true for a test row). */
export function isValidation(text: string): boolean {
  return splitOf(text) === 'train' && fnv1a(splitKey(text), VALIDATION_SEED) % VALIDATION_SHARE === 0;
}
