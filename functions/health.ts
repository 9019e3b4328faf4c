import { jsonResult, type HttpApiResult } from '../events/http-api-event.ts';
import { checkHealth } from '../lib/runtime/health.ts';
import { appContext } from '../lib/runtime/app-context.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';

/** `GET /health`: liveness of the store and the transport; 503 when either is down. */
export const handler = observed('health', async (): Promise<HttpApiResult> => {
  const report = await checkHealth(await appContext());
  return jsonResult(report.ok ? 200 : 503, report);
}, { correlation: requestCorrelationId });
