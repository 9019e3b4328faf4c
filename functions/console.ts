import type { HttpApiEvent, HttpApiResult } from '../events/http-api-event.ts';
import { handleConsole } from '../lib/console/console-app.ts';
import { appContext } from '../lib/runtime/app-context.ts';
import { consoleDeps } from '../lib/runtime/console.ts';

/** `/console` and every page below it: the merchant console (server-rendered, session cookie from the tenant API key). */
export const handler = async (event: HttpApiEvent): Promise<HttpApiResult> => handleConsole(event, consoleDeps(await appContext()));
