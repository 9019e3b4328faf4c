import { appContext } from '../lib/runtime/app-context.ts';
import { storageSettingsFrom } from '../lib/runtime/storage-config.ts';
import { pruneExpired } from '../lib/store/retention.ts';
import { observed, freshCorrelation } from '../lib/telemetry/lambda-telemetry.ts';

/** Every hour (serverless `schedule`; `npm start`): remove what the retention settings say has expired. */
export const handler = observed('prune', async () => {
  const context = await appContext();
  const summary = await pruneExpired(context.db, storageSettingsFrom(context.config.env).retention, context.clock());
  context.logger.info('pruned expired rows', { ...summary });
  return summary;
}, { correlation: freshCorrelation });
