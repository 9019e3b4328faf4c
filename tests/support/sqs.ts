import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { toSqsLambdaEvent } from '../../events/sqs-lambda-event.ts';
import { startFauxqs, type FauxqsServer } from 'fauxqs';

export interface TestQueue {
  /** As fauxqs answered it (host `sqs.us-east-1.localhost`): used exactly so. */
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly dlqUrl: string;
  /** What afterglow reads to use this queue (RECOVERY_QUEUE_URL, AWS_ENDPOINT_URL_SQS, …). */
  readonly env: Record<string, string>;
}

export interface TestSqs {
  readonly endpoint: string;
  readonly client: SQSClient;
  /** A recovery queue and its DLQ, with a redrive policy like serverless.yml's. */
  createQueue(name: string, options?: { maxReceiveCount?: number; visibilityTimeoutSeconds?: number }): Promise<TestQueue>;
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** fauxqs (the SQS JSON protocol) in this process, on a free port; an SDK client with an explicit endpoint. */
export const startTestSqs = async (): Promise<TestSqs> => {
  const server: FauxqsServer = await startFauxqs({ port: 0, logger: false });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const client = new SQSClient({ endpoint, region: 'us-east-1', credentials });
  const arnOf = async (queueUrl: string) =>
    (await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn ?? '';
  return {
    endpoint,
    client,
    async createQueue(name, options = {}) {
      const dlq = await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
      const dlqUrl = dlq.QueueUrl ?? '';
      const queue = await client.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: {
            VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await arnOf(dlqUrl), maxReceiveCount: options.maxReceiveCount ?? 5 }),
          },
        }),
      );
      const queueUrl = queue.QueueUrl ?? '';
      return {
        queueUrl,
        queueArn: await arnOf(queueUrl),
        dlqUrl,
        env: {
          RECOVERY_QUEUE_URL: queueUrl,
          AWS_ENDPOINT_URL_SQS: endpoint,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          RECOVERY_MAX_RECEIVE_COUNT: String(options.maxReceiveCount ?? 5),
        },
      };
    },
    async stop() {
      client.destroy();
      await server.stop();
    },
  };
};

/** The Lambda event the SQS event source mapping would build from messages received with every attribute. */
export const sqsLambdaEventOf = (messages: readonly Message[], queueArn: string) =>
  toSqsLambdaEvent(
    messages.map((message) => ({
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount),
      sentAt: new Date(Number(message.Attributes?.SentTimestamp)),
      firstReceivedAt: new Date(Number(message.Attributes?.ApproximateFirstReceiveTimestamp)),
      attributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue ?? ''])),
    })),
    queueArn,
  );
