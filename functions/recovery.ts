import type { SqsBatchResponse } from '../events/sqs-lambda-event.ts';
import { processSqsEvent } from '../lib/batch/process-sqs-event.ts';
import { handleRecoveryMessage } from '../lib/recovery/handle-recovery-message.ts';
import { appContext } from '../lib/runtime/app-context.ts';
import { observed } from '../lib/telemetry/lambda-telemetry.ts';
// Publishes to Kafka (or reports its health): the Kafka event log goes into this function's bundle.
import '../lib/runtime/kafka-adapter.ts';

/**
 * Triggered by the SQS recovery queue (ReportBatchItemFailures): each message's RecoverySignal is
 * triaged onto its case, which opens a helpdesk ticket and/or posts a chat alert. Only the
 * messages that failed are named in `batchItemFailures`; SQS redelivers those, then the DLQ.
 */
export const handler = observed('recovery', async (event: unknown): Promise<SqsBatchResponse> => {
  const context = await appContext();
  return processSqsEvent(
    event,
    handleRecoveryMessage({
      cases: context.recoveryCases,
      tenants: context.tenants,
      deadLetters: context.deadLetters,
      failures: context.recoveryFailures,
      channels: context.recoveryChannels,
      clock: context.clock,
      logger: context.logger.child({ function: 'recovery' }),
      metrics: context.metrics,
      helpdeskUpdates: context.helpdeskUpdates,
      caseUrl: (caseId) => `${context.config.publicBaseUrl}/api/cases/${encodeURIComponent(caseId)}`,
    }),
    context.logger,
  );
});
