import { createEmfMetrics } from './emf-metrics.ts';
import type { LambdaTelemetry } from './lambda-telemetry.ts';
import { createPowertoolsLogger } from './powertools-logger.ts';

/** Powertools' logger and EMF metrics, as a Lambda execution environment uses them (loaded only there, or by a test). */
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
