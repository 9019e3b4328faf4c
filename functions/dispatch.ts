import { runDispatch } from '../lib/journey/run-dispatch.ts';
import { appContext } from '../lib/runtime/app-context.ts';
import { observed, freshCorrelation } from '../lib/telemetry/lambda-telemetry.ts';
// Publishes to Kafka (or reports its health): the Kafka event log goes into this function's bundle.
import '../lib/runtime/kafka-adapter.ts';

/** Every minute (serverless `schedule`; `npm start`; `afterglow dispatch`): send the outreach that is due. */
export const handler = observed('dispatch', async () => runDispatch(await appContext()), { correlation: freshCorrelation });
