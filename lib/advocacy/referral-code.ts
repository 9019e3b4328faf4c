import { randomInt } from 'node:crypto';

/** Letters and digits nobody misreads when typing a code from a phone (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A referral code a friend can type: the advocate's first name (letters only, at most 8) and six
 * random characters, e.g. `ADA-7KQ2XM`. About 887 million codes per name: a clash is retried.
 */
export const newReferralCode = (firstName: string | null, random: (max: number) => number = randomInt): string => {
  const name = (firstName ?? '').normalize('NFKD').toUpperCase().replace(/[^A-Z]/g, '').slice(0, 8) || 'FRIEND';
  const suffix = Array.from({ length: 6 }, () => ALPHABET[random(ALPHABET.length)]).join('');
  return `${name}-${suffix}`;
};

/** Codes are matched as people type them: case and surrounding spaces do not matter. */
export const normaliseReferralCode = (code: string): string => code.trim().toUpperCase();
