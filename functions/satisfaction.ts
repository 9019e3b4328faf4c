import { checkSatisfaction } from '../lib/recovery/satisfaction-check.ts';
import { appContext } from '../lib/runtime/app-context.ts';

/** Every hour (serverless `schedule`; `npm start`): tell each tenant's chat when last week's satisfaction fell. */
export const handler = async () => {
  const context = await appContext();
  return checkSatisfaction(context, context.clock());
};
