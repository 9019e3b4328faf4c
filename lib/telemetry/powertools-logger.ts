import { Logger as PowertoolsLogger, type LogItem } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { maskedLogFields, type LogFields, type Logger, type LogLevel } from '../logger.ts';
import { maskSecretsInText } from '../secrets/mask-secret.ts';

const POWERTOOLS_LEVEL = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', silent: 'SILENT' } as const;

/**
 * Powertools' logger, printing to `write` when one is given (a test's sink) instead of its own
 * console on stdout. `printLog` is the documented place a subclass changes how lines go out.
 */
class SinkLogger extends PowertoolsLogger {
  readonly #write: ((line: string) => void) | undefined;
  constructor(options: ConstructorParameters<typeof PowertoolsLogger>[0], write?: (line: string) => void) {
    super(options);
    this.#write = write;
  }
  protected override printLog(logLevel: number, log: LogItem): void {
    if (!this.#write) return super.printLog(logLevel, log);
    log.prepareForPrint();
    this.#write(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }
}

export interface PowertoolsLoggerAdapter {
  readonly logger: Logger;
  /** The invocation's Lambda context: request id, function name and ARN, memory, cold start, on every later line. */
  addContext(context: Context): void;
}

/**
 * The project's {@link Logger} on Powertools (AWS Lambda): JSON lines with Powertools' keys
 * (`level`, `message`, `timestamp`, `service`, `cold_start`, `function_name`,
 * `function_request_id`, `xray_trace_id`, …) plus `correlation_id` and the fields, masked exactly
 * as `npm start`'s logger masks them. One Powertools instance per process (one invocation at a time
 * on Lambda); `child` adds its fields per line and shares it.
 */
export const createPowertoolsLogger = (
  options: { readonly level?: string; readonly serviceName?: string; readonly write?: (line: string) => void } = {},
): PowertoolsLoggerAdapter => {
  const level = (options.level ?? process.env.LOG_LEVEL ?? 'info') as LogLevel | 'silent';
  const powertools = new SinkLogger(
    { serviceName: options.serviceName ?? process.env.POWERTOOLS_SERVICE_NAME ?? 'afterglow', logLevel: POWERTOOLS_LEVEL[level] ?? 'INFO' },
    options.write,
  );
  const bound = (bindings: LogFields): Logger => {
    const log = (level: LogLevel) => (message: string, fields: LogFields = {}) =>
      powertools[level](maskSecretsInText(message), maskedLogFields(bindings, fields));
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (fields) => bound({ ...bindings, ...fields }),
    };
  };
  return { logger: bound({}), addContext: (context) => powertools.addContext(context) };
};
