import type { z } from 'zod';
import { maskSecret, maskSecretsInUrl, maskSecretUrl } from '../secrets/mask-secret.ts';
import { mapMarkedValues, schemaAt } from './setting-marks.ts';
import { TenantSettingsSchema } from './settings.ts';

const isUrl = (text: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(text);

const maskEverything = (value: unknown): unknown => {
  if (typeof value === 'string') return maskSecret(value);
  if (Array.isArray(value)) return value.map(maskEverything);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskEverything(inner)]));
  return value;
};

/** Any string that is a URL carrying credentials (userinfo, a token in the query) is masked too. */
const maskUrls = (value: unknown): unknown => {
  if (typeof value === 'string') return isUrl(value) ? maskSecretsInUrl(value) : value;
  if (Array.isArray(value)) return value.map(maskUrls);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskUrls(inner)]));
  return value;
};

/**
 * A copy of a setting's value with every secret at or below its path masked, as the settings
 * schema marks them: the whole settings (path ''), one section (`recovery.zendesk` set as a JSON
 * object), one value, or a list (`reviews.destinations`, each one's `apiSecret`). A value at a path
 * the schema does not know is masked whole: better one readable setting lost than one secret shown.
 */
export const maskSecretSettings = <T>(value: T, path = ''): T => {
  const schema: z.ZodType | null = schemaAt(TenantSettingsSchema, path);
  if (!schema) return maskEverything(value) as T;
  const masked = mapMarkedValues(schema, value, ({ mark, value: inner, unknownShape }) => {
    if (unknownShape) return maskEverything(inner);
    if (!mark.secret) return inner;
    if (typeof inner !== 'string') return maskEverything(inner);
    return isUrl(inner) ? maskSecretUrl(inner) : maskSecret(inner);
  });
  return maskUrls(masked) as T;
};
