import * as z from 'zod';

/**
 * Marks carried by the settings schema itself, so every place that shows or uses settings asks
 * the schema rather than a list of paths that drifts: `secret` values are masked wherever they sit
 * (a list of review destinations included), `outbound` URLs are called by the server and pass the
 * outbound guard when set and when called.
 */
export interface SettingMark {
  readonly secret?: true;
  readonly outbound?: true;
}

// Kept beside the schemas rather than in zod's global registry: the marks are ours, and a
// WeakMap keyed by the schema object cannot be spoofed by a value.
const marks = new WeakMap<z.ZodType, SettingMark>();
/** Schemas whose shape depends on the value (chosen by a `type`): the candidates, tried in turn. */
const variants = new WeakMap<z.ZodType, readonly z.ZodType[]>();

/** A secret: never shown (tenant show, settings history, API replies, logs). */
export const secret = <Schema extends z.ZodType>(schema: Schema): Schema => {
  marks.set(schema, { ...marks.get(schema), secret: true });
  return schema;
};

/** A URL the server calls: refused when it aims at internal addresses or plain http. */
export const outbound = <Schema extends z.ZodType>(schema: Schema): Schema => {
  marks.set(schema, { ...marks.get(schema), outbound: true });
  return schema;
};

/** Declares the schemas a value-dependent schema (a transform over unknown) may turn out to be. */
export const withVariants = <Schema extends z.ZodType>(schema: Schema, options: readonly z.ZodType[]): Schema => {
  variants.set(schema, options);
  return schema;
};

type Def = {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: readonly z.ZodType[];
};
const defOf = (schema: z.ZodType): Def => {
  const internals = (schema as unknown as { _zod: { def: Def; innerType?: z.ZodType } })._zod;
  // z.lazy (the settings schema is one, built on first use): the schema it stands for.
  return internals.def.type === 'lazy' && internals.innerType ? defOf(internals.innerType) : internals.def;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A marked leaf met while walking a value along its schema. */
export interface MarkedValue {
  readonly mark: SettingMark;
  readonly value: unknown;
  readonly path: string;
}

/**
 * A copy of `value` in which every value whose schema carries a mark is replaced by
 * `replace(...)`. A value-dependent part with no matching variant (it cannot be told apart) is
 * handed over whole with the `unknown` flag, so the caller can err on the safe side.
 */
export const mapMarkedValues = (
  schema: z.ZodType,
  value: unknown,
  replace: (marked: MarkedValue & { readonly unknownShape?: true }) => unknown,
  path = '',
): unknown => {
  const mark = marks.get(schema);
  if (mark && (mark.secret || mark.outbound) && value !== null && value !== undefined) {
    const replaced = replace({ mark, value, path });
    if (replaced !== value) return replaced;
  }
  const options = variants.get(schema);
  if (options) {
    const matching = options.find((option) => option.safeParse(value).success);
    if (!matching) return replace({ mark: { secret: true }, value, path, unknownShape: true });
    return mapMarkedValues(matching, value, replace, path);
  }
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      if (!isPlainObject(value) || !def.shape) return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => {
          const field = def.shape?.[key];
          return [key, field ? mapMarkedValues(field, inner, replace, path ? `${path}.${key}` : key) : inner];
        }),
      );
    }
    case 'array':
      return Array.isArray(value) && def.element
        ? value.map((item, index) => mapMarkedValues(def.element as z.ZodType, item, replace, `${path}[${index}]`))
        : value;
    case 'pipe': {
      // preprocess (transform → schema) and transform (schema → transform): walk the structured side.
      const through = def.in ? mapMarkedValues(def.in, value, replace, path) : value;
      return def.out ? mapMarkedValues(def.out, through, replace, path) : through;
    }
    case 'union':
      return (def.options ?? []).reduce<unknown>((current, option) => mapMarkedValues(option, current, replace, path), value);
    default:
      return def.innerType ? mapMarkedValues(def.innerType, value, replace, path) : value;
  }
};

/** Every marked value in `value` (for checks rather than copies). */
export const markedValues = (schema: z.ZodType, value: unknown): MarkedValue[] => {
  const found: MarkedValue[] = [];
  mapMarkedValues(schema, value, (marked) => {
    found.push(marked);
    return marked.value;
  });
  return found;
};

/** The part of `schema` at a dotted path (`recovery.zendesk`), or null where the path leads nowhere. */
export const schemaAt = (schema: z.ZodType, path: string): z.ZodType | null => {
  let node: z.ZodType | null = schema;
  for (const key of path ? path.split('.') : []) {
    node = node ? fieldOf(node, key) : null;
    if (!node) return null;
  }
  return node;
};

const fieldOf = (schema: z.ZodType, key: string): z.ZodType | null => {
  const def = defOf(schema);
  if (def.type === 'object') return def.shape?.[key] ?? null;
  if (def.type === 'pipe') return (def.out && fieldOf(def.out, key)) ?? (def.in && fieldOf(def.in, key)) ?? null;
  return def.innerType ? fieldOf(def.innerType, key) : null;
};
