import type { Context } from 'aws-lambda';
import { withCorrelation } from '../correlation.ts';
import type { Logger } from '../logger.ts';
import { createEmfMetrics, type EmfMetrics } from './emf-metrics.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';

/** What a Lambda execution environment logs and measures with: Powertools' logger and EMF metrics. */
export interface LambdaTelemetry {
  readonly logger: Logger;
  readonly metrics: EmfMetrics;
  /** At the start of an invocation: its Lambda context on every log line, its function on every metric. */
  begin(context: Context | undefined, functionName: string): void;
}

export const createLambdaTelemetry = (
  options: { readonly level?: string; readonly write?: (line: string) => void; readonly writeMetrics?: (line: string) => void } = {},
): LambdaTelemetry => {
  const { logger, addContext } = createPowertoolsLogger({ ...(options.level ? { level: options.level } : {}), ...(options.write ? { write: options.write } : {}) });
  const metrics = createEmfMetrics(options.writeMetrics ? { write: options.writeMetrics } : {});
  return {
    logger,
    metrics,
    begin(context, functionName) {
      if (context) addContext(context);
      metrics.setFunctionName(functionName);
    },
  };
};

let installed: LambdaTelemetry | null | undefined;

/**
 * The process's telemetry: on AWS Lambda (AWS_LAMBDA_FUNCTION_NAME set) Powertools', built on first
 * use; elsewhere none (`npm start` and the CLI log with lib/logger.ts and keep metrics as debug
 * lines), unless a test installed one with {@link useLambdaTelemetry}.
 */
export const lambdaTelemetry = (): LambdaTelemetry | null => {
  installed ??= process.env.AWS_LAMBDA_FUNCTION_NAME ? createLambdaTelemetry() : null;
  return installed;
};

export const useLambdaTelemetry = (telemetry: LambdaTelemetry | null): void => {
  installed = telemetry;
};

/**
 * A Lambda handler with its telemetry: the invocation's context on the log lines, the metrics it
 * recorded written when it ends (even when it throws), and, for functions an invocation of which
 * is one request or one run (HTTP, schedules), the correlation id `correlation` names for it (a
 * fresh one when it names none). Kafka and SQS functions correlate per record instead
 * (lib/batch, lib/orders, lib/feedback). `npm start` calls the same handlers without a context.
 */
export const observed =
  <Event, Result>(
    functionName: string,
    handler: (event: Event) => Promise<Result>,
    options: { readonly correlation?: (event: Event) => string | null } = {},
  ) =>
  // `event` is optional for the scheduled functions, which `npm start` and the CLI call with nothing.
  async (event?: Event, context?: Context): Promise<Result> => {
    const telemetry = lambdaTelemetry();
    telemetry?.begin(context, functionName);
    const { correlation } = options;
    try {
      const run = () => handler(event as Event);
      return await (correlation ? withCorrelation(correlation(event as Event), run) : run());
    } finally {
      telemetry?.metrics.flush();
    }
  };

/** Schedules and the CLI: every run is a new correlation id. */
export const freshCorrelation = (): null => null;
