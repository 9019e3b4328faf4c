import { createSqsClient, type SqsSettings } from './sqs-recovery-queue.ts';

export interface FailureQueueMessage {
  readonly messageId: string;
  readonly body: string;
  /** Deletes it from the queue (once what it names is republished). */
  acknowledge(): Promise<void>;
}

/**
 * The messages on Lambda's on-failure SQS destination (the stack's KafkaFailureQueue), received
 * until the queue answers empty. Each stays invisible for a few minutes while the redrive works;
 * one not acknowledged comes back later.
 */
export const readFailureQueue = async (settings: SqsSettings, options: { max?: number } = {}): Promise<FailureQueueMessage[]> => {
  const { ReceiveMessageCommand, DeleteMessageCommand } = await import('@aws-sdk/client-sqs');
  const client = await createSqsClient(settings);
  const received: FailureQueueMessage[] = [];
  const max = options.max ?? 1_000;
  while (received.length < max) {
    const answer = await client.send(
      new ReceiveMessageCommand({ QueueUrl: settings.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 300 }),
    );
    const messages = answer.Messages ?? [];
    if (messages.length === 0) break;
    for (const message of messages) {
      received.push({
        messageId: message.MessageId ?? '',
        body: message.Body ?? '',
        acknowledge: async () => {
          await client.send(new DeleteMessageCommand({ QueueUrl: settings.queueUrl, ReceiptHandle: message.ReceiptHandle }));
        },
      });
    }
  }
  return received;
};
