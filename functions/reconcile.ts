import { appContext } from '../lib/runtime/app-context.ts';
import { runReconciliation } from '../lib/runtime/reconciliation.ts';
import { observed, freshCorrelation } from '../lib/telemetry/lambda-telemetry.ts';
// Publishes to Kafka (or reports its health): the Kafka event log goes into this function's bundle.
import '../lib/runtime/kafka-adapter.ts';

/** Every 15 minutes (serverless `schedule`; `npm start`; `afterglow reconcile`): publish the order changes no webhook brought. */
export const handler = observed('reconcile', async () => runReconciliation(await appContext()), { correlation: freshCorrelation });
