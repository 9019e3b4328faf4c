import { appContext } from '../lib/runtime/app-context.ts';
import { runReconciliation } from '../lib/runtime/reconciliation.ts';

/** Every 15 minutes (serverless `schedule`; `npm start`; `afterglow reconcile`): publish the order changes no webhook brought. */
export const handler = async () => runReconciliation(await appContext());
