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

/** What an event is about, as tombstones name it: its shop, and its customer and order where it names them. */
export const subjectsOfEvent = (customerKey: string | null, orderId: string | null): ErasureSubject[] => [
  { kind: 'shop' },
  ...(customerKey ? [{ kind: 'customer', key: customerKey } as const] : []),
  ...(orderId ? [{ kind: 'order', id: orderId } as const] : []),
];

/** {@link subjectDigest}, each subject hashed once per instance: a batch names one shop and repeats its customers and orders. */
export const memoisedSubjectDigest = (): ((subject: ErasureSubject) => string) => {
  const digests = new Map<string, string>();
  return (subject) => {
    const text = subject.kind === 'customer' ? `c\u0000${subject.key}` : subject.kind === 'order' ? `o\u0000${subject.id}` : 's';
    let digest = digests.get(text);
    if (digest === undefined) digests.set(text, (digest = subjectDigest(subject)));
    return digest;
  };
};

/** The form an erased suppression address is kept in: still matched, no longer readable. */
export const hashedAddress = (normalisedAddress: string): string => `sha256:${createHash('sha256').update(normalisedAddress).digest('hex')}`;
