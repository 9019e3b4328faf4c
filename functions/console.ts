import { handleConsole } from '../lib/console/console-app.ts';
import { requestCorrelationId } from '../lib/http/request-correlation.ts';
import { withAppContext } from '../lib/http/with-app-context.ts';
import { consoleDeps } from '../lib/runtime/console.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';

/** `/console` and every page below it: the merchant console (server-rendered, session cookie from the tenant API key). */
export const handler = observed('console', withAppContext(async (event, context) => handleConsole(event, consoleDeps(context))), { correlation: requestCorrelationId });
