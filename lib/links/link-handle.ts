import { randomBytes } from 'node:crypto';

/**
 * The opaque handle in a customer link: 128 random bits in base64url without padding (22
 * characters, short enough for an SMS). It means nothing by itself — the claims live in the store —
 * so nothing about the customer can be read from a URL, and no key's rotation can kill a link.
 */
export const LINK_HANDLE_BYTES = 16;
const HANDLE = /^[A-Za-z0-9_-]{22}$/;

export const newLinkHandle = (random: (size: number) => Buffer = randomBytes): string => random(LINK_HANDLE_BYTES).toString('base64url');

/**
 * True only for the one spelling afterglow hands out: 22 base64url characters whose spare bits are
 * zero (re-encoding gives the same text). Padding, other alphabets, a case change or a changed
 * last character never reach the store; the store matches the exact text anyway.
 */
export const isCanonicalLinkHandle = (text: string): boolean =>
  HANDLE.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
