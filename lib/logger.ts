/**
 * Structured logs: one JSON object per line on stdout (CloudWatch and `npm start` alike).
 * LOG_LEVEL = debug | info | warn | error | silent (default info).
 */
import { maskSecretsInText } from './secrets/mask-secret.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Field names whose values are credentials, whatever a caller passes: masked whole. */
const SECRET_FIELD = /(secret|passw|token|api_?key|authorization|credential|cookie)/i;

/**
 * What a field becomes in the log line: errors as name and message, and nothing that could be a
 * secret — credential-named fields masked whole, URLs carrying one (userinfo, a token in the
 * query, a Slack webhook's path) masked wherever they appear in text.
 */
const serialise = (value: unknown, depth = 0): unknown => {
  if (value instanceof Error) {
    return { name: value.name, message: maskSecretsInText(value.message), ...(value.cause ? { cause: maskSecretsInText(String(value.cause)) } : {}) };
  }
  if (typeof value === 'string') return maskSecretsInText(value);
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => serialise(item, depth + 1));
  if (value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) => [name, SECRET_FIELD.test(name) && inner !== null && inner !== undefined ? '****' : serialise(inner, depth + 1)]),
  );
};

export const createLogger = (
  options: { level?: string; bindings?: LogFields; write?: (line: string) => void } = {},
): Logger => {
  const threshold = RANK[(options.level ?? process.env.LOG_LEVEL ?? 'info') as LogLevel] ?? RANK.info;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const bindings = options.bindings ?? {};
  const log = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (RANK[level] < threshold) return;
    const entry: LogFields = { level, time: new Date().toISOString(), msg: maskSecretsInText(message) };
    for (const [name, value] of Object.entries({ ...bindings, ...fields })) entry[name] = SECRET_FIELD.test(name) && value != null ? '****' : serialise(value);
    write(JSON.stringify(entry));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger({ ...options, bindings: { ...bindings, ...fields } }),
  };
};

export const silentLogger: Logger = createLogger({ level: 'silent' });
