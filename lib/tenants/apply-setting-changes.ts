import { InvalidRequestError } from '../errors.ts';
import { journeyTimingProblems, localeProblems, TenantSettingsSchema, type TenantSettings } from './settings.ts';

export interface SettingChange {
  readonly path: string;
  readonly value: unknown;
}

/**
 * `key=value` as typed on the command line: dotted keys for nested settings, JSON for values
 * that are not plain text (numbers, booleans, null, lists, objects).
 */
export const parseSettingAssignment = (assignment: string): SettingChange => {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw new InvalidRequestError(`expected key=value, got ${JSON.stringify(assignment)}`);
  const path = assignment.slice(0, equals).trim();
  const text = assignment.slice(equals + 1);
  if (!/^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/.test(path)) throw new InvalidRequestError(`not a setting name: ${path}`);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // plain text
  }
  return { path, value };
};

const setPath = (target: Record<string, unknown>, path: string, value: unknown): void => {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = value;
};

/** Applies the changes to the current settings and validates the result as a whole. */
export const applySettingChanges = (current: TenantSettings, changes: readonly SettingChange[]): TenantSettings =>
  validSettings(withChanges(current as unknown as Record<string, unknown>, changes), changes);

/**
 * What a tenant stores: only the settings it set (defaults fill the rest when read, so a later
 * change of a default reaches every tenant that never chose otherwise). Returns the new stored
 * settings and, validated as a whole, what they mean.
 */
export const applySettingChangesToStored = (
  stored: Record<string, unknown>,
  changes: readonly SettingChange[],
): { stored: Record<string, unknown>; settings: TenantSettings } => {
  const next = withChanges(stored, changes);
  return { stored: next, settings: validSettings(next, changes) };
};

const withChanges = (base: Record<string, unknown>, changes: readonly SettingChange[]): Record<string, unknown> => {
  const draft = structuredClone(base);
  for (const change of changes) setPath(draft, change.path, change.value);
  return draft;
};

/** Whether a change sets the offered languages (directly, or the whole of `feedback`). */
const setsLocales = (changes: readonly SettingChange[]): boolean => changes.some((change) => change.path === 'feedback.locales' || change.path === 'feedback');

const validSettings = (draft: Record<string, unknown>, changes: readonly SettingChange[]): TenantSettings => {
  const parsed = TenantSettingsSchema.safeParse(draft);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`);
    throw new InvalidRequestError(`invalid settings: ${problems.join('; ')}`);
  }
  // Only a change of the languages is refused for them: a tenant stored with one afterglow does not
  // write can still change anything else (`tenant show` tells it, and its customers get a language afterglow writes).
  const rules = [...(setsLocales(changes) ? localeProblems(parsed.data) : []), ...journeyTimingProblems(parsed.data)];
  if (rules.length > 0) throw new InvalidRequestError(`invalid settings: ${rules.join('; ')}`);
  return parsed.data;
};
