import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signLegacyLink, verifyLegacyLink } from '../../lib/links/legacy-link-token.ts';
import type { InvalidLinkError, LinkClaims } from '../../lib/links/link-claims.ts';
import { isCanonicalLinkHandle, newLinkHandle } from '../../lib/links/link-handle.ts';

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
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('links sent before opaque handles (signed tokens), still honoured', () => {
  it('verify to the claims they were made with, ids with every digit', () => {
    expect(verifyLegacyLink(signLegacyLink(claims, KEY), 'feedback', KEY, now)).toEqual(claims);
  });

  it('refuse a changed token, another key and a cut one', () => {
    const token = signLegacyLink(claims, KEY);
    const [body, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString('utf8').replace('acme', 'evil'), 'utf8').toString('base64url');
    expect(problemOf(() => verifyLegacyLink(`${forged}.${mac}`, 'feedback', KEY, now))).toBe('tampered');
    expect(problemOf(() => verifyLegacyLink(token, 'feedback', 'another-key'.repeat(4), now))).toBe('tampered');
    expect(problemOf(() => verifyLegacyLink(token.slice(0, 20), 'feedback', KEY, now))).toBe('malformed');
  });

  it('accept exactly one spelling: a changed last MAC character, padding, another alphabet, a case change or a third part are refused', () => {
    const token = signLegacyLink(claims, KEY);
    const [body, mac] = token.split('.') as [string, string];
    const last = mac.at(-1) as string;
    // The last of 22 characters carries 2 bits of the MAC and 4 spare bits: each sibling decodes to the same bytes.
    const siblings = [...BASE64URL].filter((char) => char !== last && Buffer.from(`${mac.slice(0, -1)}${char}`, 'base64url').equals(Buffer.from(mac, 'base64url')));
    expect(siblings.length).toBeGreaterThan(0);
    const spellings = [
      ...siblings.map((char) => `${body}.${mac.slice(0, -1)}${char}`),
      `${token}=`,
      `${token}==`,
      `${body}=.${mac}`,
      `${body}.${mac.replaceAll('-', '+').replaceAll('_', '/')}`.replace(/^/, ''),
      token.toUpperCase(),
      `${token}.`,
      `.${token}`,
      `${token}.${mac}`,
      ` ${token}`,
    ].filter((spelling) => spelling !== token);
    for (const spelling of spellings) expect(problemOf(() => verifyLegacyLink(spelling, 'feedback', KEY, now)), spelling).not.toBe('none');
  });

  it('any one character changed anywhere is refused', () => {
    const token = signLegacyLink(claims, KEY);
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...BASE64URL, '.', '=', '+', '/'), (index, char) => {
        const changed = `${token.slice(0, index)}${char}${token.slice(index + 1)}`;
        return changed === token || problemOf(() => verifyLegacyLink(changed, 'feedback', KEY, now)) !== 'none';
      }),
      { numRuns: 1_000 },
    );
  });

  it('feedback links keep their expiry, and still say what they were for; unsubscribe links never expire', () => {
    const error = (() => {
      try {
        verifyLegacyLink(signLegacyLink(claims, KEY), 'feedback', KEY, new Date('2026-12-01T00:00:01Z'));
      } catch (caught) {
        return caught as InvalidLinkError;
      }
      return null;
    })();
    expect(error?.problem).toBe('expired');
    expect(error?.expiredClaims?.tenantId).toBe('acme');
    const unsubscribe = signLegacyLink({ ...claims, purpose: 'unsubscribe', expiresAt: null }, KEY);
    expect(verifyLegacyLink(unsubscribe, 'unsubscribe', KEY, new Date('2046-01-01T00:00:00Z')).address).toBe('ada@example.com');
  });

  it('are good for one purpose only', () => {
    expect(problemOf(() => verifyLegacyLink(signLegacyLink(claims, KEY), 'unsubscribe', KEY, now))).toBe('wrong_purpose');
  });
});

describe('link handles', () => {
  it('are 128 random bits in 22 base64url characters, each one canonical', () => {
    const handles = Array.from({ length: 200 }, () => newLinkHandle());
    for (const handle of handles) {
      expect(handle).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isCanonicalLinkHandle(handle)).toBe(true);
      expect(Buffer.from(handle, 'base64url')).toHaveLength(16);
    }
    expect(new Set(handles).size).toBe(handles.length);
  });

  it('only the one spelling is a handle: padding, another alphabet, spare bits set or a different length are not', () => {
    const handle = newLinkHandle(() => Buffer.alloc(16, 0xfb)); // +7- spelled: '-_' in base64url
    expect(isCanonicalLinkHandle(handle)).toBe(true);
    const last = handle.at(-1) as string;
    const sibling = [...BASE64URL].find((char) => char !== last && Buffer.from(`${handle.slice(0, -1)}${char}`, 'base64url').equals(Buffer.from(handle, 'base64url')));
    for (const spelling of [`${handle}=`, `${handle}==`, handle.replaceAll('-', '+').replaceAll('_', '/'), `${handle.slice(0, -1)}${sibling}`, `${handle}A`, handle.slice(1), `${handle}.`]) {
      expect(isCanonicalLinkHandle(spelling), spelling).toBe(false);
    }
  });
});
