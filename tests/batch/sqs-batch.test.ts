import { describe, expect, it } from 'vitest';
import { toSqsLambdaEvent } from '../../events/sqs-lambda-event.ts';
import { processSqsEvent } from '../../lib/batch/process-sqs-event.ts';
import { UpstreamUnavailableError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/logger.ts';

const batchOf = (ids: string[]) =>
  toSqsLambdaEvent(
    ids.map((id) => ({ messageId: id, receiptHandle: `${id}:1`, body: '{}', receiveCount: 1, sentAt: new Date(0), firstReceivedAt: new Date(0) })),
    'arn:aws:sqs:us-east-1:123456789012:afterglow-dev-recovery',
  );

/** SQS semantics as AWS's tools (Powertools' batch processor) have them. */
describe('SQS batches', () => {
  it('some messages fail: exactly their ids are reported, the others are deleted', async () => {
    const response = await processSqsEvent(batchOf(['a', 'b', 'c']), async (message) => {
      if (message.messageId === 'b') throw new UpstreamUnavailableError('helpdesk down');
    }, silentLogger);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
  });

  it('every message fails: the handler throws, so the invocation counts as an error', async () => {
    const failing = processSqsEvent(batchOf(['a', 'b']), async () => {
      throw new UpstreamUnavailableError('helpdesk down');
    }, silentLogger);
    await expect(failing).rejects.toThrow(/^all 2 messages of the batch failed: helpdesk down$/);
  });

  it('none fail: an empty list', async () => {
    expect(await processSqsEvent(batchOf(['a']), async () => undefined, silentLogger)).toEqual({ batchItemFailures: [] });
  });
});
