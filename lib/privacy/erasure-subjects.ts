import { createHash } from 'node:crypto';

/**
 * What a tombstone names, without naming it: a SHA-256 of the erased subject (a customer key, an
 * order id, or the whole shop), so the store keeps no readable identifier of an erased person.
 * It is pseudonymous, not anonymous (a known email can be hashed and matched): enough to refuse
 * a replay, which is all it is for.
 */
export type ErasureSubject = { readonly kind: 'customer'; readonly key: string } | { readonly kind: 'order'; readonly id: string } | { readonly kind: 'shop' };

export const subjectDigest = (subject: ErasureSubject): string =>
  createHash('sha256')
    .update(subject.kind === 'customer' ? `customer:${subject.key}` : subject.kind === 'order' ? `order:${subject.id}` : 'shop')
    .digest('hex');

/** The form an erased suppression address is kept in: still matched, no longer readable. */
export const hashedAddress = (normalisedAddress: string): string => `sha256:${createHash('sha256').update(normalisedAddress).digest('hex')}`;
