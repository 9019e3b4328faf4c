import { kafkaSettingsFrom } from '../transport/kafka-config.ts';
import { createKafkaEventLog } from '../transport/kafka-event-log.ts';
import { provideKafkaEventLog } from './app-context.ts';

/**
 * Imported (for its effect) by what publishes to Kafka or reports its health: those functions,
 * `npm start`, the CLI, the tests. A function that does not import it has no kafkajs in its bundle
 * (about 270 KB minified), and its context refuses to publish rather than failing later.
 */
provideKafkaEventLog((config, logger) => createKafkaEventLog(kafkaSettingsFrom(config.env), logger));
