import { jsonResult, type HttpApiResult } from '../events/http-api-event.ts';
import { withAppContext } from '../lib/http/with-app-context.ts';
import { checkHealth } from '../lib/runtime/health.ts';

/** `GET /health`: liveness of the store and the transport; 503 when either is down (or the schema is behind this code). */
export const handler = withAppContext(async (_event, context): Promise<HttpApiResult> => {
  const report = await checkHealth(context);
  return jsonResult(report.ok ? 200 : 503, report);
});
