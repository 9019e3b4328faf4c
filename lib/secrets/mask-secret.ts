/**
 * Masking for everything afterglow shows or logs: secrets themselves, and URLs that carry one
 * (credentials in the userinfo, a token in the query string, a Slack webhook's path). An
 * ordinary URL stays readable, so an operator still sees where things point.
 */

const MASK = '****';

/** Enough to recognise a secret (its last four characters, when it is long), never enough to use it. */
export const maskSecret = (secret: string | null): string | null =>
  secret === null ? null : secret.length < 20 ? MASK : `${MASK}${secret.slice(-4)}`;

/** Query parameters whose values are credentials whatever the service (OAuth, signed URLs, API keys). */
const SECRET_PARAMETER = /(token|secret|passw|pwd|key|sig|signature|auth|credential|session|code|hash)/i;

/** Hosts whose URL path is itself the credential (anyone holding the URL can post). */
const SECRET_PATH_HOSTS: readonly { host: RegExp; keep: number }[] = [
  { host: /^hooks\.slack\.com$/i, keep: 1 }, // /services/T…/B…/secret: only /services stays
  { host: /(^|\.)webhook\.office\.com$/i, keep: 1 },
  { host: /^discord(app)?\.com$/i, keep: 2 }, // /api/webhooks/…
];

/** The URL with its secrets masked, or the text unchanged when it is not an absolute URL. */
export const maskSecretsInUrl = (text: string): string => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  let changed = false;
  if (url.password) {
    url.password = MASK;
    changed = true;
  }
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAMETER.test(name)) {
      url.searchParams.set(name, MASK);
      changed = true;
    }
  }
  const secretPath = SECRET_PATH_HOSTS.find((entry) => entry.host.test(url.hostname));
  if (secretPath) {
    const segments = url.pathname.split('/').filter(Boolean);
    if (segments.length > secretPath.keep) {
      url.pathname = `/${[...segments.slice(0, secretPath.keep), MASK].join('/')}`;
      changed = true;
    }
  }
  if (url.hash && SECRET_PARAMETER.test(url.hash)) {
    url.hash = MASK;
    changed = true;
  }
  return changed ? url.toString().replaceAll('%2A', '*') : text;
};

/** A URL that is a secret in itself (a Slack webhook setting): only its origin stays. */
export const maskSecretUrl = (text: string): string => {
  try {
    return `${new URL(text).origin}/${MASK}`;
  } catch {
    return maskSecret(text) ?? MASK;
  }
};

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** The customer link routes: whoever holds the handle acts as the customer, so it is never logged. */
const LINK_PATH = /(^|[^\w.-])\/(f|u|c|go)\/[^/\s?#"'<>`]+/g;

/** Free text (an error message, a log line, a request path) with every URL and link handle in it masked. */
export const maskSecretsInText = (text: string): string =>
  text.replace(URL_IN_TEXT, (url) => maskSecretsInUrl(url)).replace(LINK_PATH, (_match, before: string, route: string) => `${before}/${route}/${MASK}`);
