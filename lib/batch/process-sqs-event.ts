import { decodeSqsRecord, SqsLambdaEventSchema, type SqsBatchResponse, type SqsMessage } from '../../events/sqs-lambda-event.ts';
import { correlationIdIn, withCorrelation } from '../correlation.ts';
import { InvalidPayloadError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** Thrown when every message of the batch failed: the invocation counts as an error (as Powertools' batch processor does). */
export class SqsBatchFailedError extends Error {
  override readonly name = 'SqsBatchFailedError';
}

/**
 * Parses the SQS Lambda envelope and hands each message to the handler, one after the other (a
 * customer's messages in one batch stay in order). The handler deals with bad messages itself
 * (dead letters); anything it throws fails that message alone: its id goes in
 * `batchItemFailures` (ReportBatchItemFailures), SQS delivers it again after its visibility
 * timeout and, past the queue's max receive count, moves it to the DLQ. The others are deleted.
 * When every message failed, it throws instead, so the invocation counts as an error (Lambda's
 * error metrics and alarms see an outage, and SQS delivers the whole batch again just the same).
 */
export const processSqsEvent = async (
  event: unknown,
  handler: (message: SqsMessage) => Promise<unknown>,
  logger: Logger,
): Promise<SqsBatchResponse> => {
  const envelope = SqsLambdaEventSchema.safeParse(event);
  if (!envelope.success) throw new InvalidPayloadError(`not an SQS Lambda event: ${envelope.error.message}`);
  const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
  let lastError: unknown;
  for (const record of envelope.data.Records) {
    const message = decodeSqsRecord(record);
    // Under the correlation id the message carries as an attribute (a fresh one when it carries none).
    await withCorrelation(correlationIdIn(message.attributes), async () => {
      try {
        await handler(message);
      } catch (error) {
        logger.warn('message failed; SQS will deliver it again', {
          messageId: message.messageId,
          receiveCount: message.receiveCount,
          error,
        });
        batchItemFailures.push({ itemIdentifier: message.messageId });
        lastError = error;
      }
    });
  }
  if (batchItemFailures.length > 0 && batchItemFailures.length === envelope.data.Records.length) {
    throw new SqsBatchFailedError(`all ${batchItemFailures.length} messages of the batch failed: ${(lastError as Error)?.message ?? String(lastError)}`, {
      cause: lastError,
    });
  }
  return { batchItemFailures };
};
