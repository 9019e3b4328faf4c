import { jsonResult, type HttpApiResult } from '../events/http-api-event.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';
import { withAppContext } from '../lib/http/with-app-context.ts';
import { checkHealth } from '../lib/runtime/health.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
// Publishes to Kafka (or reports its health): the Kafka event log goes into this function's bundle.
import '../lib/runtime/kafka-adapter.ts';

/** `GET /health`: liveness of the store and the transport; 503 when either is down (or the schema is behind this code). */
export const handler = observed(
  'health',
  withAppContext(async (_event, context): Promise<HttpApiResult> => {
    const report = await checkHealth(context);
    return jsonResult(report.ok ? 200 : 503, report);
  }),
  { correlation: requestCorrelationId },
);
