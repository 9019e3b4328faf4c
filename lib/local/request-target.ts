/**
 * The request line's target, read without trusting it: `new URL` throws on an invalid
 * absolute-form target (`http://[::1/health`) and `decodeURIComponent` on a broken
 * percent-escape (`%E0%A4%A`). Both are client mistakes, so both become a 400 here instead of an
 * exception outside any handler.
 */
export class MalformedTargetError extends Error {
  override readonly name = 'MalformedTargetError';
}

export interface RequestTarget {
  /** The path as sent (still percent-encoded), as API Gateway's `rawPath`. */
  readonly path: string;
  /** The query as sent, without `?`, as API Gateway's `rawQueryString`. */
  readonly query: string;
}

/** A `%` not followed by two hex digits: nothing can decode it. */
const BROKEN_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
/** Space, control characters and DEL never belong in a target (RFC 9112 §3.2). */
const FORBIDDEN_IN_TARGET = /[\u0000-\u0020\u007f]/;
/** Targets longer than this are refused before any work (API Gateway refuses far shorter ones). */
export const MAX_TARGET_LENGTH = 8_192;

const checked = (path: string, query: string): RequestTarget => {
  if (!path.startsWith('/')) throw new MalformedTargetError('the request target is not a path');
  if (BROKEN_ESCAPE.test(path) || BROKEN_ESCAPE.test(query)) throw new MalformedTargetError('the request target has a malformed percent-escape');
  return { path, query };
};

/**
 * Origin-form (`/path?query`) is split by hand: `new URL('//host/x', base)` would read a host
 * out of it. Absolute-form (`http://host/path`) is parsed by `URL` inside a try. Anything else
 * (`*`, authority-form) is not a target this server serves.
 */
export const parseRequestTarget = (target: string | undefined): RequestTarget => {
  const raw = target ?? '';
  if (raw.length === 0 || raw.length > MAX_TARGET_LENGTH) throw new MalformedTargetError('the request target is empty or too long');
  if (FORBIDDEN_IN_TARGET.test(raw)) throw new MalformedTargetError('the request target holds spaces or control characters');
  const withoutFragment = raw.split('#', 1)[0] ?? '';
  if (withoutFragment.startsWith('/')) {
    const question = withoutFragment.indexOf('?');
    return question < 0
      ? checked(withoutFragment, '')
      : checked(withoutFragment.slice(0, question), withoutFragment.slice(question + 1));
  }
  if (/^https?:\/\//i.test(withoutFragment)) {
    let url: URL;
    try {
      url = new URL(withoutFragment);
    } catch {
      throw new MalformedTargetError('the request target is not a valid absolute URL');
    }
    return checked(url.pathname, url.search.replace(/^\?/, ''));
  }
  throw new MalformedTargetError('the request target is neither a path nor an absolute http URL');
};

/** One path segment, decoded; a sequence that is not UTF-8 (`%E0%A4`, `%FF`) is refused. */
export const decodePathSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MalformedTargetError('a path segment has a malformed percent-escape');
  }
};

/** The paths customers open from a message: they get a page, never JSON. */
const CUSTOMER_PREFIXES = new Set(['f', 'u', 'c', 'go', 'r']);
export const isCustomerPath = (path: string): boolean => CUSTOMER_PREFIXES.has(path.split('/')[1] ?? '');
