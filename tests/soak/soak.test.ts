import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSoak } from '../../scripts/soak/run-soak.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

/**
 * The short variant of `npm run soak`: the same code with small numbers — three seconds of signed
 * webhooks against `afterglow start` on PostgreSQL (where publishes really race), one SIGKILL in
 * the middle, a restart on the same port, the platform's retries, the drain and `dispatch --now`
 * far ahead. Every accepted order is stored, asked once and sent one message.
 */
describe('soak (short): SIGKILL under load loses and repeats nothing', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('soak');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('on PostgreSQL', { timeout: 300_000 }, async () => {
    // Prepare + Act
    const report = await runSoak({ store: 'postgres', databaseUrl: database.url, rate: 20, seconds: 3, killAt: 1.5, drainTimeoutMs: 200_000 });
    // Assess
    expect(report).toMatchObject({ deliveries: 60, accepted: 60, stored: 60, asked: 60, messages: 60, duplicates: 0, lost: 0 });
  });
});
