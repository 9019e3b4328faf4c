import { describe, expect, it } from 'vitest';
import { InvalidLinkError, signLink, verifyLink, type LinkClaims } from '../../lib/links/link-token.ts';

const KEY = 'k'.repeat(43);
const claims: LinkClaims = {
  purpose: 'feedback',
  tenantId: 'acme',
  orderId: '820982911946154508',
  customerKey: 'c:115310627314723954',
  outreachId: 'out_1',
  channel: 'email',
  address: 'ada@example.com',
  subject: 'feedback_request',
  expiresAt: new Date('2026-12-01T00:00:00Z'),
};
const now = new Date('2026-11-23T00:00:00Z');
const problemOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as InvalidLinkError).problem;
  }
  return 'none';
};

describe('signed links', () => {
  it('verify to the claims they were made with, ids with every digit', () => {
    expect(verifyLink(signLink(claims, KEY), 'feedback', KEY, now)).toEqual(claims);
  });

  it('refuse a changed token', () => {
    const token = signLink(claims, KEY);
    const [body, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString('utf8').replace('acme', 'evil'), 'utf8').toString('base64url');
    expect(problemOf(() => verifyLink(`${forged}.${mac}`, 'feedback', KEY, now))).toBe('tampered');
    expect(problemOf(() => verifyLink(token, 'feedback', 'another-key'.repeat(4), now))).toBe('tampered');
    expect(problemOf(() => verifyLink(token.slice(0, 20), 'feedback', KEY, now))).toBe('malformed');
  });

  it('expire, and still say what they were for', () => {
    const error = (() => {
      try {
        verifyLink(signLink(claims, KEY), 'feedback', KEY, new Date('2026-12-01T00:00:01Z'));
      } catch (caught) {
        return caught as InvalidLinkError;
      }
      return null;
    })();
    expect(error?.problem).toBe('expired');
    expect(error?.expiredClaims?.tenantId).toBe('acme');
  });

  it('are good for one purpose only', () => {
    expect(problemOf(() => verifyLink(signLink(claims, KEY), 'unsubscribe', KEY, now))).toBe('wrong_purpose');
  });
});
