import type { Context } from 'aws-lambda';
import { createLogger, type Logger } from '../../lib/logger.ts';
import type { LambdaTelemetry } from '../../lib/telemetry/lambda-telemetry.ts';
import { createLambdaTelemetry } from '../../lib/telemetry/powertools.ts';

export interface CapturedLogs {
  /** Every line written, by either logger, in order. */
  readonly lines: string[];
  /** Every EMF document the Lambda telemetry wrote. */
  readonly metricLines: string[];
  /** Powertools' logger (as on Lambda) writing into `lines`. */
  readonly telemetry: LambdaTelemetry;
  /** The Powertools logger and `npm start`'s JSON logger at once, both into `lines`. */
  readonly both: Logger;
  /** The parsed lines. */
  entries(): Record<string, unknown>[];
}

/** The real loggers of both runtimes (Powertools on Lambda, lib/logger.ts locally) at debug, their output kept. */
export const captureLogs = (): CapturedLogs => {
  const lines: string[] = [];
  const metricLines: string[] = [];
  const write = (line: string) => void lines.push(line);
  const telemetry = createLambdaTelemetry({ level: 'debug', write, writeMetrics: (line) => void metricLines.push(line) });
  const local = createLogger({ level: 'debug', write });
  const tee = (loggers: readonly Logger[]): Logger => ({
    debug: (message, fields) => loggers.forEach((logger) => logger.debug(message, fields)),
    info: (message, fields) => loggers.forEach((logger) => logger.info(message, fields)),
    warn: (message, fields) => loggers.forEach((logger) => logger.warn(message, fields)),
    error: (message, fields) => loggers.forEach((logger) => logger.error(message, fields)),
    child: (fields) => tee(loggers.map((logger) => logger.child(fields))),
  });
  return {
    lines,
    metricLines,
    telemetry,
    both: tee([telemetry.logger, local]),
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
};

let invocations = 0;

/** A Lambda context as the Node.js runtime passes it to a handler. */
export const lambdaContextOf = (functionName: string): Context => {
  invocations += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `req-${functionName}-${invocations}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/12/02/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
