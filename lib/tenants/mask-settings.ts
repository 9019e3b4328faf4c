import { SECRET_SETTINGS } from './settings.ts';
import { maskSecret } from './tenant.ts';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of a setting's value with every secret at or below its path masked: the whole settings
 * (path ''), one section (`recovery.zendesk` set as a JSON object), or one value.
 */
export const maskSecretSettings = <T>(value: T, path = ''): T => {
  if ((SECRET_SETTINGS as readonly string[]).includes(path)) {
    return (typeof value === 'string' ? maskSecret(value) : value) as T;
  }
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, maskSecretSettings(inner, path ? `${path}.${key}` : key)]),
  ) as T;
};
