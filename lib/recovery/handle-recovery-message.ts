import { RecoverySignalSchema, upgradeRecoverySignal, type RecoverySignal } from '../../events/recovery-signal.ts';
import type { SqsMessage } from '../../events/sqs-lambda-event.ts';
import type { DeadLetterSink } from '../dead-letters/dead-letter-sink.ts';
import { InvalidPayloadError } from '../errors.ts';
import { parseContract } from '../json/parse-contract.ts';
import type { Logger } from '../logger.ts';
import { METRIC } from '../metrics.ts';
import { ProviderError } from '../providers/call-provider.ts';
import type { RecoveryFailureRepository } from '../store/recovery-failure-repository.ts';
import type { TenantRepository } from '../store/tenant-repository.ts';
import { notifyCase, type NotifyCaseDeps } from './notify-case.ts';
import { recordRecoverySignal, type RecordSignalDeps } from './record-signal.ts';

export type RecoveryOutcome = 'recorded' | 'duplicate' | 'dead_lettered';

export interface HandleRecoveryMessageDeps extends RecordSignalDeps, NotifyCaseDeps {
  readonly cases: RecordSignalDeps['cases'] & NotifyCaseDeps['cases'];
  readonly tenants: Pick<TenantRepository, 'findById'>;
  readonly deadLetters: DeadLetterSink;
  readonly failures: Pick<RecoveryFailureRepository, 'record'>;
  readonly logger: Logger;
}

/** The tenant and signal ids a body names, when it is JSON at all: for failures and dead-letter keys. */
const idsIn = (body: string): { tenantId: string | null; signalId: string | null } => {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    return {
      tenantId: typeof json.tenantId === 'string' ? json.tenantId : null,
      signalId: typeof json.signalId === 'string' ? json.signalId : null,
    };
  } catch {
    return { tenantId: null, signalId: null };
  }
};

/**
 * The recovery function's work on one SQS message: decode the RecoverySignal, triage it onto its
 * case, then open the ticket / post the alert it owes. A body that can never be handled (not
 * JSON, not a RecoverySignal, an unknown tenant) is dead-lettered with its reason and dropped:
 * retrying cannot help, and the batch goes on. Anything else that fails (the database, a helpdesk
 * down or refusing) is recorded in `recovery_failures` under the message id and thrown, so SQS
 * delivers the message again and, past the max receive count, moves it to the DLQ, where the
 * operator finds the reason by its message id.
 */
export const handleRecoveryMessage =
  (deps: HandleRecoveryMessageDeps) =>
  async (message: SqsMessage): Promise<RecoveryOutcome> => {
    let signal: RecoverySignal;
    try {
      // v1 and v2 alike: messages queued before a deploy are still worked.
      signal = upgradeRecoverySignal(parseContract(message.body, RecoverySignalSchema, 'RecoverySignal'));
    } catch (error) {
      if (!(error instanceof InvalidPayloadError)) throw error;
      return deadLetter(message, error.message, error, deps);
    }
    try {
      const tenant = await deps.tenants.findById(signal.tenantId);
      if (!tenant) {
        return await deadLetter(message, `tenant ${signal.tenantId} does not exist (signal ${signal.signalId})`, null, deps);
      }
      const settings = tenant.settings.recovery;
      const recorded = await recordRecoverySignal(signal, { settings, messageId: message.messageId }, deps);
      if (recorded.outcome === 'recorded' && recorded.signal.effect === 'opened') {
        deps.metrics?.count(METRIC.casesOpened, { severity: recorded.case.severity });
      }
      await notifyCase(recorded, settings, deps);
      deps.logger.info('recovery signal handled', {
        tenantId: signal.tenantId,
        signalId: signal.signalId,
        caseId: recorded.case.id,
        outcome: recorded.outcome,
        effect: recorded.signal.effect,
      });
      return recorded.outcome;
    } catch (error) {
      await recordFailure(message, error, deps);
      throw error;
    }
  };

const deadLetter = async (
  message: SqsMessage,
  reason: string,
  error: unknown,
  deps: HandleRecoveryMessageDeps,
): Promise<RecoveryOutcome> => {
  await deps.deadLetters.send({
    source: { kind: 'sqs', queue: message.queue, messageId: message.messageId },
    handler: 'recovery',
    reason,
    error,
    key: idsIn(message.body).tenantId,
    tenantId: idsIn(message.body).tenantId,
    payload: Buffer.from(message.body, 'utf8'),
  });
  return 'dead_lettered';
};

const recordFailure = async (message: SqsMessage, error: unknown, deps: HandleRecoveryMessageDeps): Promise<void> => {
  try {
    await deps.failures.record({
      messageId: message.messageId,
      queue: message.queue,
      ...idsIn(message.body),
      reason: error instanceof Error ? error.message : String(error),
      errorName: error instanceof Error ? error.name : null,
      retryable: !(error instanceof ProviderError) || error.retryable,
      receiveCount: message.receiveCount,
      body: message.body,
      at: deps.clock(),
    });
  } catch (recording) {
    // The store itself is down: the message is retried anyway; say so in the logs.
    deps.logger.error('could not record the recovery failure', { messageId: message.messageId, error: recording });
  }
};
