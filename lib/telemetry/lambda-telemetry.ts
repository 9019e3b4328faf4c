import type { Context } from 'aws-lambda';
import { withCorrelation } from '../correlation.ts';
import type { Logger } from '../logger.ts';
import type { EmfMetrics } from './emf-metrics.ts';

/** What a Lambda execution environment logs and measures with: Powertools' logger and EMF metrics (lib/telemetry/powertools.ts). */
export interface LambdaTelemetry {
  readonly logger: Logger;
  readonly metrics: EmfMetrics;
  /** At the start of an invocation: its Lambda context on every log line, its function on every metric. */
  begin(context: Context | undefined, functionName: string): void;
}

let installed: LambdaTelemetry | null | undefined;

/**
 * The process's telemetry: on AWS Lambda (AWS_LAMBDA_FUNCTION_NAME set) Powertools', loaded by the
 * first invocation ({@link observed}); elsewhere none (`npm start` and the CLI log with
 * lib/logger.ts and keep metrics as debug lines, and never load Powertools), unless a test
 * installed one with {@link useLambdaTelemetry}.
 */
export const lambdaTelemetry = (): LambdaTelemetry | null => installed ?? null;

/** Powertools is imported only where it is used: about 100 ms of a cold start that `npm start` and the CLI need not pay. */
const loadLambdaTelemetry = async (): Promise<LambdaTelemetry | null> => {
  installed ??= process.env.AWS_LAMBDA_FUNCTION_NAME ? (await import('./powertools.ts')).createLambdaTelemetry() : null;
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
    const telemetry = await loadLambdaTelemetry();
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
