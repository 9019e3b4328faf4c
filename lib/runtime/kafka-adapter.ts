import { kafkaSettingsFrom } from '../transport/kafka-config.ts';
import type { EventLog } from '../transport/event-log.ts';
import { provideKafkaEventLog } from './app-context.ts';

/**
 * Imported (for its effect) by what publishes to Kafka or reports its health: those functions,
 * `npm start`, the CLI, the tests. A function that does not import it has no kafkajs in its bundle
 * (about 270 KB minified), and its context refuses to publish rather than failing later.
 *
 * The settings are read when the context is built (a bad KAFKA_* setting fails the cold start, as
 * before); kafkajs itself is loaded on the first publish or health check, so importing the handler
 * does not evaluate it, and an invocation that publishes nothing (a refused webhook) never does.
 */
provideKafkaEventLog((config, logger): EventLog => {
  const settings = kafkaSettingsFrom(config.env);
  let opened: Promise<EventLog> | null = null;
  const kafkaLog = () =>
    (opened ??= import('../transport/kafka-event-log.ts').then(({ createKafkaEventLog }) => createKafkaEventLog(settings, logger)));
  return {
    kind: 'kafka',
    publish: async (topic, messages) => (await kafkaLog()).publish(topic, messages),
    health: async () => (await kafkaLog()).health(),
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
});
