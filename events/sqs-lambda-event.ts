import * as z from 'zod';

/**
 * The Lambda event an SQS event source mapping delivers (`aws:sqs`): up to `batchSize` messages,
 * each with its id, receipt handle, body as sent, and system attributes as text. The envelope is
 * parsed here and each body separately, by the consumer's own contract (RecoverySignal).
 */
const MessageAttributeSchema = z.object({
  stringValue: z.string().nullish(),
  binaryValue: z.string().nullish(),
  stringListValues: z.array(z.string()).default([]),
  binaryListValues: z.array(z.string()).default([]),
  dataType: z.string(),
});

export const SqsLambdaRecordSchema = z.object({
  messageId: z.string().min(1),
  receiptHandle: z.string().min(1),
  body: z.string(),
  attributes: z
    .object({
      /** How many times SQS has handed this message out, this delivery included. */
      ApproximateReceiveCount: z.string().regex(/^\d+$/),
      SentTimestamp: z.string().regex(/^\d+$/),
      SenderId: z.string().optional(),
      ApproximateFirstReceiveTimestamp: z.string().regex(/^\d+$/).optional(),
    })
    .loose(),
  messageAttributes: z.record(z.string(), MessageAttributeSchema).default({}),
  md5OfBody: z.string().optional(),
  eventSource: z.literal('aws:sqs'),
  eventSourceARN: z.string().min(1),
  awsRegion: z.string().optional(),
});
export type SqsLambdaRecord = z.infer<typeof SqsLambdaRecordSchema>;

export const SqsLambdaEventSchema = z.object({ Records: z.array(SqsLambdaRecordSchema).min(1) });
export type SqsLambdaEvent = z.input<typeof SqsLambdaEventSchema>;

/**
 * The partial batch response (`functionResponseType: ReportBatchItemFailures`): the messages named
 * here stay on the queue and come back after their visibility timeout; all others are deleted.
 */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** A decoded message: what a record handler works on. */
export interface SqsMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** 1 on the first delivery. */
  readonly receiveCount: number;
  readonly sentAt: Date;
  /** The queue's ARN: names the source of a dead letter. */
  readonly queue: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export const decodeSqsRecord = (record: SqsLambdaRecord): SqsMessage => ({
  messageId: record.messageId,
  receiptHandle: record.receiptHandle,
  body: record.body,
  receiveCount: Number(record.attributes.ApproximateReceiveCount),
  sentAt: new Date(Number(record.attributes.SentTimestamp)),
  queue: record.eventSourceARN,
  attributes: Object.fromEntries(
    Object.entries(record.messageAttributes).flatMap(([name, value]) =>
      typeof value.stringValue === 'string' ? [[name, value.stringValue]] : [],
    ),
  ),
});

/** A message as a queue hands it out, before it is wrapped in the Lambda event. */
export interface ReceivedQueueMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly sentAt: Date;
  readonly firstReceivedAt: Date;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Builds the Lambda event shape (the local queue and the local SQS poller use this). */
export const toSqsLambdaEvent = (
  messages: readonly ReceivedQueueMessage[],
  queueArn: string,
  awsRegion = queueArn.split(':')[3] ?? 'local',
): SqsLambdaEvent => ({
  Records: messages.map((message) => ({
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt.getTime()),
      SenderId: 'afterglow',
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt.getTime()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.attributes ?? {}).map(([name, value]) => [
        name,
        { stringValue: value, stringListValues: [], binaryListValues: [], dataType: 'String' },
      ]),
    ),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion,
  })),
});
