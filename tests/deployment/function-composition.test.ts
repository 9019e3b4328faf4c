import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../lib/errors.ts';
import { createAppContext, migrateStore, type AppContext } from '../../lib/runtime/app-context.ts';
import { loadConfig } from '../../lib/runtime/config.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// This file imports neither lib/runtime/kafka-adapter.ts nor a function that does: the process is
// composed as the Lambda functions that never publish are (redirects, console, …).
describe('a context composed without the Kafka adapter, KAFKA_BROKERS set as on Lambda', () => {
  let database: TestDatabase;
  let context: AppContext;
  beforeAll(async () => {
    database = await createTestDatabase('composition');
    const env = { DATABASE_URL: database.url, KAFKA_BROKERS: '127.0.0.1:9', LOG_LEVEL: 'silent' };
    await migrateStore(loadConfig(env));
    context = await createAppContext(loadConfig(env));
  });
  afterAll(async () => {
    await context?.close();
    await database?.drop();
  });

  it('refuses to publish, saying the adapter is left out, rather than reaching for a broker', async () => {
    // Act
    const published = context.eventLog.publish(context.topics.orders, [{ key: 'k', value: '{}' }]);
    // Assess
    await expect(published).rejects.toBeInstanceOf(ConfigurationError);
    await expect(published).rejects.toThrow(/without the Kafka event log/);
  });

  it('reports the transport down with the same reason, and has no local log to fall back on', async () => {
    // Act
    const health = await context.eventLog.health();
    // Assess
    expect(health).toEqual({ ok: false, detail: expect.stringContaining('without the Kafka event log') });
    expect(context.localLog).toBeNull();
  });
});
