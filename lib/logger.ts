/**
 * Structured logs: one JSON object per line on stdout (CloudWatch and `npm start` alike).
 * LOG_LEVEL = debug | info | warn | error | silent (default info).
 */
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

const serialise = (value: unknown): unknown =>
  value instanceof Error ? { name: value.name, message: value.message, ...(value.cause ? { cause: String(value.cause) } : {}) } : value;

export const createLogger = (
  options: { level?: string; bindings?: LogFields; write?: (line: string) => void } = {},
): Logger => {
  const threshold = RANK[(options.level ?? process.env.LOG_LEVEL ?? 'info') as LogLevel] ?? RANK.info;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const bindings = options.bindings ?? {};
  const log = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (RANK[level] < threshold) return;
    const entry: LogFields = { level, time: new Date().toISOString(), msg: message, ...bindings };
    for (const [name, value] of Object.entries(fields)) entry[name] = serialise(value);
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
