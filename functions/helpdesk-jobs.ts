import { workHelpdeskJobs } from '../lib/recovery/helpdesk-jobs.ts';
import { appContext } from '../lib/runtime/app-context.ts';

/**
 * Every minute (serverless `schedule`; `npm start`): the work owed to tenants' helpdesks — solving
 * the tickets of cases resolved in afterglow, redacting an erased customer's tickets — retried with
 * backoff until done or given up as failed with its reason.
 */
export const handler = async () => {
  const context = await appContext();
  return workHelpdeskJobs(
    {
      jobs: context.helpdeskJobs,
      tenants: context.tenants,
      channels: context.recoveryChannels,
      logger: context.logger.child({ function: 'helpdeskJobs' }),
    },
    context.clock(),
  );
};
