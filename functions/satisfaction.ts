import { checkSatisfaction } from '../lib/recovery/satisfaction-check.ts';
import { appContext } from '../lib/runtime/app-context.ts';
import { observed, freshCorrelation } from '../lib/telemetry/lambda-telemetry.ts';

/** Every hour (serverless `schedule`; `npm start`): tell each tenant's chat when last week's satisfaction fell. */
export const handler = observed('satisfaction', async () => {
  const context = await appContext();
  return checkSatisfaction(context, context.clock());
}, { correlation: freshCorrelation });
