/**
 * Text PostgreSQL cannot store: NUL (`\u0000`) in `text` ("invalid byte sequence") and in
 * `jsonb` ("unsupported Unicode escape sequence"), and unpaired UTF-16 surrogates, which JSON
 * text can carry as `\ud800` but `jsonb` refuses. An order must not be blocked by a stray
 * character in a name, so after the signature check on the raw bytes:
 * - NUL is removed: it carries no text (`foo\u0000@example.com` is still foo@example.com);
 * - an unpaired surrogate becomes U+FFFD (the replacement character): it is half of a character
 *   that was lost on the way, and the mark shows that something was there.
 * Nothing else changes.
 */

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// NUL is exactly the control character these look for.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const REPLACEMENT_CHARACTER = '\ufffd';

/**
 * Whether JSON text could parse to an unstorable string: it holds NUL or a surrogate itself, or a
 * `\u` escape of NUL or of a surrogate. When it cannot, no string of its value needs a look.
 */
const MAY_PARSE_TO_UNSTORABLE = /\\u(?:0000|[dD][89a-fA-F])|\u0000|[\ud800-\udfff]/;
export const mayParseToUnstorable = (jsonText: string): boolean => MAY_PARSE_TO_UNSTORABLE.test(jsonText);

export const hasUnstorableText = (text: string): boolean => UNSTORABLE.test(text);

/** The text without NUL and with every unpaired surrogate replaced by U+FFFD; the same string when there is neither. */
export const storableText = (text: string): string =>
  hasUnstorableText(text) ? text.replace(NUL, '').replace(LONE_SURROGATE, REPLACEMENT_CHARACTER) : text;

/**
 * A parsed payload with every string in it (keys too) made storable: objects and arrays are
 * copied only where something changed; numbers, booleans and lossless-json's number texts are
 * kept as they are.
 */
export const storableValue = <T>(value: T): T => {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item: unknown) => {
      const clean = storableValue(item);
      if (clean !== item) changed = true;
      return clean;
    });
    return (changed ? items : value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const cleanKey = storableText(key);
      const clean = storableValue(item);
      if (cleanKey !== key || clean !== item) changed = true;
      return [cleanKey, clean] as const;
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
};
