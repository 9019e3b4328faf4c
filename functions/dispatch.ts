import { runDispatch } from '../lib/journey/run-dispatch.ts';
import { appContext } from '../lib/runtime/app-context.ts';

/** Every minute (serverless `schedule`; `npm start`; `afterglow dispatch`): send the outreach that is due. */
export const handler = async () => runDispatch(await appContext());
