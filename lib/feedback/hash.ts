/**
 * 32-bit string and integer hashes shared by the train/test split and the hashed feature space.
 * They must never change once a model is trained: a changed hash silently scrambles every weight
 * and moves rows between the train and test parts.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units; `seed` separates namespaces (words, split rule, …). */
export function fnv1a(text: string, seed: number = FNV_OFFSET): number {
  let hash = seed | 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: spreads FNV's weak low bits before they are masked into a bucket. */
export function avalanche(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-sensitive combination of two hashes (bigrams: "not good" ≠ "good not"). */
export function combine(first: number, second: number): number {
  return avalanche(Math.imul(first ^ 0x9e3779b9, 31) + second);
}
