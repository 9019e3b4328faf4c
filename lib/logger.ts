/**
 * Structured logs: one JSON object per line on stdout. This is `npm start`'s logger (and the
 * CLI's); on AWS Lambda the same interface is served by Powertools' logger (`lib/telemetry`), which
 * adds the Lambda request id, function name and cold start. Both write the current correlation id
 * (`correlation_id`, lib/correlation.ts) on every line and mask fields the same way
 * ({@link maskedLogFields}).
 * LOG_LEVEL = debug | info | warn | error | silent (default info).
 */
import { currentCorrelationId } from './correlation.ts';
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

/**
 * A line's fields as they may be written: bindings and fields merged, credential-named fields
 * masked whole, secrets in text masked, errors as name and message; the correlation id first.
 */
export const maskedLogFields = (bindings: LogFields, fields: LogFields): LogFields => {
  const entry: LogFields = {};
  const correlationId = currentCorrelationId();
  if (correlationId !== undefined) entry.correlation_id = correlationId;
  for (const [name, value] of Object.entries({ ...bindings, ...fields })) entry[name] = SECRET_FIELD.test(name) && value != null ? '****' : serialise(value);
  return entry;
};

export const createLogger = (
  options: { level?: string; bindings?: LogFields; write?: (line: string) => void } = {},
): Logger => {
  const threshold = RANK[(options.level ?? process.env.LOG_LEVEL ?? 'info') as LogLevel] ?? RANK.info;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const bindings = options.bindings ?? {};
  const log = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (RANK[level] < threshold) return;
    write(JSON.stringify({ level, time: new Date().toISOString(), msg: maskSecretsInText(message), ...maskedLogFields(bindings, fields) }));
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
