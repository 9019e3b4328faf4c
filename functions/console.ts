import type { HttpApiEvent, HttpApiResult } from '../events/http-api-event.ts';
import { handleConsole } from '../lib/console/console-app.ts';
import { appContext } from '../lib/runtime/app-context.ts';
import { consoleDeps } from '../lib/runtime/console.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';

/** `/console` and every page below it: the merchant console (server-rendered, session cookie from the tenant API key). */
export const handler = observed('console', async (event: HttpApiEvent): Promise<HttpApiResult> => handleConsole(event, consoleDeps(await appContext())), { correlation: requestCorrelationId });
