import { handleConsole } from '../lib/console/console-app.ts';
import { withAppContext } from '../lib/http/with-app-context.ts';
import { consoleDeps } from '../lib/runtime/console.ts';

/** `/console` and every page below it: the merchant console (server-rendered, session cookie from the tenant API key). */
export const handler = withAppContext(async (event, context) => handleConsole(event, consoleDeps(context)));
