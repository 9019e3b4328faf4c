import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConsoleRepository, ConsoleSession } from '../store/console-repository.ts';

/** A console session lasts a working day; signing in again starts a new one. */
export const SESSION_TTL_MS = 12 * 3_600_000;
export const SESSION_COOKIE = 'ag_console';

export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** `Cookie: a=1; ag_console=…` → the console's token (API Gateway v2 also hands `cookies` as a list). */
export const sessionTokenOf = (cookieHeader: string | null | undefined, cookies: readonly string[] = []): string | null => {
  for (const pair of [...cookies, ...(cookieHeader ?? '').split(';')]) {
    const [name, ...rest] = pair.trim().split('=');
    const value = rest.join('=');
    if (name === SESSION_COOKIE && /^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return null;
};

/**
 * HttpOnly (no script reads it), SameSite=Lax (links from Slack, Zendesk or an email into a case
 * open signed in; cross-site posts do not carry it), Secure over https, scoped to the console.
 */
export const sessionCookie = (token: string, secure: boolean, maxAgeSeconds = SESSION_TTL_MS / 1000): string =>
  [`${SESSION_COOKIE}=${token}`, 'Path=/console', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');

export const clearedSessionCookie = (secure: boolean): string => sessionCookie('', secure, 0);

export const startSession = async (
  repository: Pick<ConsoleRepository, 'createSession'>,
  tenantId: string,
  person: string,
  now: Date,
): Promise<{ token: string; session: ConsoleSession }> => {
  const token = newToken();
  const session = { tenantId, person, csrfToken: newToken(), expiresAt: new Date(now.getTime() + SESSION_TTL_MS) };
  await repository.createSession({ ...session, tokenHash: hashToken(token), createdAt: now });
  return { token, session };
};

/** Every form carries the session's CSRF token; compared in constant time. */
export const csrfMatches = (session: ConsoleSession, given: string | undefined): boolean => {
  if (!given) return false;
  const expected = Buffer.from(session.csrfToken, 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};

/**
 * Failed sign-ins slow down guessing: after FREE_FAILURES in a window, each source must wait
 * out the window. Counted in the store (it holds across Lambda instances), one row per source
 * and window, older windows deleted as new ones are counted: bounded.
 */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const FREE_FAILURES = 5;

export const signInWindowOf = (now: Date): Date => new Date(Math.floor(now.getTime() / SIGN_IN_WINDOW_MS) * SIGN_IN_WINDOW_MS);

/** Seconds until `source` may try again, or 0 when it may now. */
export const signInWaitSeconds = async (repository: Pick<ConsoleRepository, 'failuresIn'>, source: string, now: Date): Promise<number> => {
  const windowStart = signInWindowOf(now);
  const failures = await repository.failuresIn(source, windowStart);
  return failures < FREE_FAILURES ? 0 : Math.ceil((windowStart.getTime() + SIGN_IN_WINDOW_MS - now.getTime()) / 1000);
};
