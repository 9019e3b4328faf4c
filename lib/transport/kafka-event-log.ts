import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { UpstreamUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { withCorrelationHeaders, type EventLog } from './event-log.ts';
import type { KafkaSettings } from './kafka-config.ts';

/** Routes kafkajs' own log lines into afterglow's structured log. */
export const kafkaLogCreator = (logger: Logger) => () => (entry: { level: number; log: { message: string } & Record<string, unknown> }) => {
  const { message, ...fields } = entry.log;
  if (entry.level <= logLevel.ERROR) logger.error(`kafkajs: ${message}`, fields);
  else if (entry.level === logLevel.WARN) logger.warn(`kafkajs: ${message}`, fields);
};

export const createKafkaClient = (settings: KafkaSettings, logger: Logger): Kafka =>
  new Kafka({ ...settings.kafka, logCreator: kafkaLogCreator(logger) });

/**
 * Publishes with kafkajs, acks from all in-sync replicas. The producer connects on first use and,
 * after a failure, is rebuilt on the next publish, so a broker that comes back is used again.
 */
export const createKafkaEventLog = (settings: KafkaSettings, logger: Logger): EventLog => {
  const kafka = createKafkaClient(settings, logger);
  let producer: Promise<Producer> | null = null;
  const connectedProducer = (): Promise<Producer> => {
    producer ??= (async () => {
      const created = kafka.producer({
        idempotent: settings.idempotent,
        allowAutoTopicCreation: true,
        createPartitioner: Partitioners.DefaultPartitioner,
        ...(settings.idempotent ? { maxInFlightRequests: 1 } : {}),
      });
      await created.connect();
      return created;
    })();
    return producer;
  };
  const discardProducer = async () => {
    const current = producer;
    producer = null;
    await current?.then((created) => created.disconnect()).catch(() => undefined);
  };

  return {
    kind: 'kafka',
    async publish(topic, messages) {
      if (messages.length === 0) return;
      try {
        const created = await connectedProducer();
        await created.send({
          topic,
          acks: -1,
          messages: withCorrelationHeaders(messages).map((message) => ({
            key: message.key,
            value: message.value,
            ...(message.headers ? { headers: { ...message.headers } } : {}),
          })),
        });
      } catch (error) {
        await discardProducer();
        throw new UpstreamUnavailableError(`Kafka publish to ${topic} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
    async health() {
      const admin = kafka.admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return { ok: true, detail: `kafka: ${cluster.brokers.length} broker(s) reachable` };
      } catch (error) {
        return { ok: false, detail: `kafka: ${(error as Error).message}` };
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    async close() {
      await discardProducer();
    },
  };
};
