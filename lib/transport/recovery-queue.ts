import { CORRELATION_ATTRIBUTE, correlationIdToSend } from '../correlation.ts';
import { recoverySignalContentType, type AnyRecoverySignal } from '../../events/recovery-signal.ts';
import type { SqsBatchResponse, SqsLambdaEvent } from '../../events/sqs-lambda-event.ts';
import type { HealthReport } from './event-log.ts';
import type { RunningConsumer } from './kafka-consumer.ts';


/** An SQS-triggered function's handler, as Lambda calls it. */
export type SqsEventHandler = (event: SqsLambdaEvent) => Promise<SqsBatchResponse>;

/**
 * The recovery queue: SQS (`RECOVERY_QUEUE_URL`) in production, a queue kept in the store in the
 * embedded default. Both deliver to the recovery function in the SQS Lambda event shape, honour
 * its partial batch responses, and move a message that keeps failing to a dead-letter queue.
 */
export interface RecoveryQueue {
  readonly kind: 'sqs' | 'local';
  /** Resolves once the signal is durably on the queue; rejects with UpstreamUnavailableError. */
  send(signal: AnyRecoverySignal): Promise<{ readonly messageId: string }>;
  /**
   * Drives a handler from the queue the way an SQS event source mapping does (`npm start`):
   * batches in the Lambda event shape; the messages the handler does not name in
   * `batchItemFailures` are deleted, the others come back after the visibility timeout.
   */
  consume(options: { readonly handler: SqsEventHandler; readonly batchSize?: number }): RunningConsumer;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

/**
 * What goes on the queue: the signal as JSON, and attributes to route on without parsing it, with
 * the correlation id (`correlation-id`: the current one, else a fresh one) the recovery function
 * logs and sends on to the helpdesk.
 */
export const recoveryMessageOf = (signal: AnyRecoverySignal) => ({
  body: JSON.stringify(signal),
  attributes: {
    'content-type': recoverySignalContentType(signal),
    'tenant-id': signal.tenantId,
    'signal-id': signal.signalId,
    [CORRELATION_ATTRIBUTE]: correlationIdToSend(),
  },
});

/** Message ids of a batch the handler did not name as failed: the ones to delete. */
export const succeededIn = <Message extends { readonly messageId: string }>(
  messages: readonly Message[],
  response: SqsBatchResponse | undefined,
): Message[] => {
  const failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
  return messages.filter((message) => !failed.has(message.messageId));
};
