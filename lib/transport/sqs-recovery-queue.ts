import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { toSqsLambdaEvent, type ReceivedQueueMessage } from '../../events/sqs-lambda-event.ts';
import { UpstreamUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { startPollLoop } from './poll-loop.ts';
import { recoveryMessageOf, succeededIn, type RecoveryQueue } from './recovery-queue.ts';

export interface SqsSettings {
  /** Used exactly as given (fauxqs answers `http://sqs.us-east-1.localhost:PORT/…`). */
  readonly queueUrl: string;
  readonly region: string;
  /** Always explicit: `AWS_ENDPOINT_URL_SQS`, else the region's public endpoint. */
  readonly endpoint: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/** `sqs.<region>.<host>` — the region an SQS queue URL names, when it names one. */
const regionInUrl = (queueUrl: string): string | null => {
  try {
    return /^sqs\.([a-z0-9-]+)\./.exec(new URL(queueUrl).hostname)?.[1] ?? null;
  } catch {
    return null;
  }
};

/**
 * The SQS client settings from the environment: RECOVERY_QUEUE_URL, AWS_REGION (else the queue
 * URL's region), AWS_ENDPOINT_URL_SQS (the SDK's own override; for fauxqs), and static credentials
 * when the environment names them (Lambda's role credentials arrive the same way).
 */
export const sqsSettingsFrom = (queueUrl: string, env: Readonly<Record<string, string | undefined>>): SqsSettings => {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? regionInUrl(queueUrl) ?? 'us-east-1';
  return {
    queueUrl,
    region,
    endpoint: env.AWS_ENDPOINT_URL_SQS ?? env.AWS_ENDPOINT_URL ?? `https://sqs.${region}.amazonaws.com`,
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
  };
};

type SqsSdk = typeof import('@aws-sdk/client-sqs');

/**
 * The SDK is imported when a queue is opened, never at module load: bundles leave it out (Lambda's
 * runtime provides it) and embedded runs without RECOVERY_QUEUE_URL never load it.
 */
const loadSdk = (): Promise<SqsSdk> => import('@aws-sdk/client-sqs');

export const createSqsClient = async (settings: SqsSettings): Promise<SQSClient> => {
  const { SQSClient: Client } = await loadSdk();
  return new Client({
    region: settings.region,
    endpoint: settings.endpoint,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
};

const receivedOf = (message: Message): ReceivedQueueMessage => {
  const attributes = message.Attributes ?? {};
  const sentAt = new Date(Number(attributes.SentTimestamp ?? Date.now()));
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    receiveCount: Number(attributes.ApproximateReceiveCount ?? 1),
    sentAt,
    firstReceivedAt: new Date(Number(attributes.ApproximateFirstReceiveTimestamp ?? sentAt.getTime())),
    attributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).flatMap(([name, value]) =>
        value.StringValue === undefined ? [] : [[name, value.StringValue]],
      ),
    ),
  };
};

/** The recovery queue on SQS (@aws-sdk/client-sqs v3). */
export const openSqsRecoveryQueue = async (settings: SqsSettings, logger: Logger, given?: SQSClient): Promise<RecoveryQueue> => {
  const { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } = await loadSdk();
  const client = given ?? (await createSqsClient(settings));
  const { queueUrl } = settings;
  return {
    kind: 'sqs',
    async send(signal) {
      const { body, attributes } = recoveryMessageOf(signal);
      try {
        const sent = await client.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: body,
            MessageAttributes: Object.fromEntries(
              Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
            ),
          }),
        );
        return { messageId: sent.MessageId ?? '' };
      } catch (error) {
        throw new UpstreamUnavailableError(`SQS send to the recovery queue failed: ${(error as Error).message}`, { cause: error });
      }
    },
    /**
     * What the SQS event source mapping does on AWS, for `npm start` with RECOVERY_QUEUE_URL:
     * long-poll, hand the batch over in the Lambda event shape, delete what did not fail.
     */
    consume({ handler, batchSize = 10 }) {
      const aborts = new AbortController();
      const queueArn = client
        .send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }), { abortSignal: aborts.signal })
        .then((answer) => answer.Attributes?.QueueArn ?? queueUrl);
      const loop = startPollLoop(
        async () => {
          const arn = await queueArn;
          const answer = await client.send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              MaxNumberOfMessages: batchSize,
              WaitTimeSeconds: 20,
              MessageSystemAttributeNames: ['All'],
              MessageAttributeNames: ['All'],
            }),
            { abortSignal: aborts.signal },
          );
          const messages = (answer.Messages ?? []).map(receivedOf);
          if (messages.length === 0) return { found: false };
          let response;
          try {
            response = await handler(toSqsLambdaEvent(messages, arn));
          } catch (error) {
            logger.error('recovery handler failed; the batch will be delivered again', { error });
            return { found: true };
          }
          const done = succeededIn(messages, response);
          if (done.length > 0) {
            const deleted = await client.send(
              new DeleteMessageBatchCommand({
                QueueUrl: queueUrl,
                Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.receiptHandle })),
              }),
            );
            // Not deleted: delivered again later, and the handler recognises it (signals are idempotent).
            if (deleted.Failed?.length) logger.warn('SQS did not delete some handled messages', { failed: deleted.Failed });
          }
          return { found: true };
        },
        {
          idleMs: 0,
          onError: (error) => {
            if (!aborts.signal.aborted) logger.error('SQS receive failed', { error });
          },
        },
      );
      return {
        joined: queueArn.then(() => undefined),
        async stop() {
          aborts.abort();
          await loop.stop();
          await queueArn.catch(() => undefined);
        },
      };
    },
    async health() {
      try {
        const answer = await client.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
        );
        return { ok: true, detail: `SQS recovery queue: ${answer.Attributes?.ApproximateNumberOfMessages ?? '?'} queued` };
      } catch (error) {
        return { ok: false, detail: `SQS recovery queue: ${(error as Error).message}` };
      }
    },
    async close() {
      client.destroy();
    },
  };
};
