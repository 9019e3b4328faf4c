import { appContext } from '../lib/runtime/app-context.ts';
import { runReconciliation } from '../lib/runtime/reconciliation.ts';
import { observed, freshCorrelation } from '../lib/telemetry/lambda-telemetry.ts';

/** Every 15 minutes (serverless `schedule`; `npm start`; `afterglow reconcile`): publish the order changes no webhook brought. */
export const handler = observed('reconcile', async () => runReconciliation(await appContext()), { correlation: freshCorrelation });
