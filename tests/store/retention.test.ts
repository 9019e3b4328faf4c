import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../lib/logger.ts';
import { storageSettingsFrom, type RetentionSettings } from '../../lib/runtime/storage-config.ts';
import type { Database } from '../../lib/store/database.ts';
import { migrate } from '../../lib/store/migrate.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import { pruneExpired } from '../../lib/store/retention.ts';
import { createLocalEventLog } from '../../lib/transport/local-event-log.ts';
import { createPartitionLeases } from '../../lib/transport/local-log-leases.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const DEFAULTS = storageSettingsFrom({}).retention;

describe('retention: the prune schedule removes expired rows and never one still needed', () => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase('retention');
    db = openPostgresDatabase(database.url);
    await migrate(db);
    await db.query("INSERT INTO tenants (id, platform, webhook_secret, api_key_hash) VALUES ('acme', 'shopify', 's', 'h')");
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const count = async (sql: string) => Number((await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${sql}`))[0]?.n);

  const addOutboxMessage = async (id: string, createdAt: Date) => {
    await db.query(
      `INSERT INTO outreach (id, tenant_id, customer_key, kind, dedupe_key, state, journey_at, due_at, basis)
       VALUES ($1, 'acme', 'c:1', 'feedback_request', $1, 'sent', $2, $2, 'trigger')`,
      [id, createdAt],
    );
    await db.query(
      `INSERT INTO outbox_messages (tenant_id, outreach_id, channel, recipient, message, created_at) VALUES ('acme', $1, 'email', 'a@example.com', '{}', $2)`,
      [id, createdAt],
    );
  };

  it('has defaults that keep delivery records past Shopify’s 48 hours of retries, and refuses a shorter window', () => {
    expect(DEFAULTS).toMatchObject({ logDays: 7, outboxDays: 30, deliveriesDays: 7, deadLettersDays: 30 });
    expect(() => storageSettingsFrom({ RETENTION_DELIVERIES_DAYS: '1' })).toThrow(/48 hours/);
  });

  it('prunes old log records only below every known group’s committed offset, and a topic no group reads by age alone', async () => {
    // Prepare: 8 records on one partition of the orders topic, all old; group "fast" committed 6, "slow" 3.
    const log = createLocalEventLog(db, silentLogger);
    for (let index = 0; index < 8; index += 1) await log.publish('orders', [{ key: null, value: `order-${index}` }]);
    await log.publish('dlq', [{ key: null, value: 'old dead letter' }]);
    await log.publish('dlq', [{ key: null, value: 'young dead letter' }]);
    await db.query("UPDATE local_log SET created_at = $1 WHERE value <> convert_to('young dead letter', 'UTF8')", [daysAgo(8)]);
    await db.query("UPDATE local_log SET created_at = $1 WHERE value = convert_to('young dead letter', 'UTF8')", [daysAgo(1)]);
    const offsets = (await db.query<{ offset: string }>("SELECT \"offset\"::text AS offset FROM local_log WHERE topic = 'orders' ORDER BY local_log.\"offset\"")).map((row) => row.offset);
    for (const [group, upTo] of [['fast', offsets[5]], ['slow', offsets[2]]] as const) {
      const leases = createPartitionLeases(db, { groupId: group, topic: 'orders', owner: group, leaseMs: 60_000 });
      expect(await leases.hold(0)).toBe(true);
      expect(await leases.commit(0, upTo ?? '0')).toBe(true);
    }
    // a group that has leased partition 0 but read nothing there yet
    await createPartitionLeases(db, { groupId: 'new', topic: 'other', owner: 'new', leaseMs: 60_000 }).hold(0);
    await log.publish('other', [{ key: null, value: 'unread' }]);
    await db.query("UPDATE local_log SET created_at = $1 WHERE topic = 'other'", [daysAgo(30)]);
    // Act
    const summary = await pruneExpired(db, DEFAULTS, NOW);
    // Assess
    const left = (await db.query<{ topic: string; value: Buffer }>('SELECT topic, value FROM local_log ORDER BY local_log."offset"')).map(
      (row) => `${row.topic}:${Buffer.from(row.value).toString('utf8')}`,
    );
    expect(left).toEqual(['orders:order-3', 'orders:order-4', 'orders:order-5', 'orders:order-6', 'orders:order-7', 'dlq:young dead letter', 'other:unread']);
    expect(summary).toMatchObject({ localLog: 4, complete: true });
  });

  it('prunes outbox messages, delivery records, dead letters and the recovery queue’s dead letters past their retention, keeping the rest', async () => {
    // Prepare
    await addOutboxMessage('o-old', daysAgo(31));
    await addOutboxMessage('o-young', daysAgo(29));
    await db.query(
      `INSERT INTO webhook_deliveries (tenant_id, delivery_key, state, claim_token, claimed_at, published_at) VALUES
         ('acme', 'published-8-days-ago', 'published', 'x', $1, $1),
         ('acme', 'published-3-days-ago', 'published', 'x', $2, $2),
         ('acme', 'claimed-by-a-dead-holder', 'claimed', 'x', $1, NULL),
         ('acme', 'claimed-now', 'claimed', 'x', $3, NULL)`,
      [daysAgo(8), daysAgo(3), NOW],
    );
    await db.query(
      `INSERT INTO dead_letters (source_key, handler, reason, dead_letter, created_at) VALUES ('old', 'orders', 'r', '{}', $1), ('young', 'orders', 'r', '{}', $2)`,
      [daysAgo(31), daysAgo(2)],
    );
    await db.query(
      `INSERT INTO local_queue_messages (message_id, queue, body, sent_at, visible_at, dead_lettered_at, dead_letter_reason) VALUES
         ('dlq-old', 'afterglow-recovery-dlq', '{}', $1, $1, $1, 'r'),
         ('dlq-young', 'afterglow-recovery-dlq', '{}', $2, $2, $2, 'r'),
         ('waiting-old', 'afterglow-recovery', '{}', $1, $1, NULL, NULL)`,
      [daysAgo(40), daysAgo(3)],
    );
    // Act
    const summary = await pruneExpired(db, DEFAULTS, NOW);
    // Assess
    expect((await db.query<{ outreach_id: string }>('SELECT outreach_id FROM outbox_messages')).map((row) => row.outreach_id)).toEqual(['o-young']);
    expect((await db.query<{ delivery_key: string }>('SELECT delivery_key FROM webhook_deliveries ORDER BY delivery_key')).map((row) => row.delivery_key)).toEqual([
      'claimed-now',
      'published-3-days-ago',
    ]);
    expect((await db.query<{ source_key: string }>('SELECT source_key FROM dead_letters')).map((row) => row.source_key)).toEqual(['young']);
    expect((await db.query<{ message_id: string }>('SELECT message_id FROM local_queue_messages ORDER BY message_id')).map((row) => row.message_id)).toEqual([
      'dlq-young',
      'waiting-old',
    ]);
    expect(summary).toMatchObject({ outbox: 1, deliveries: 2, deadLetters: 1, queueDeadLetters: 1, complete: true });
  });

  it('works in bounded batches: a run takes at most its batches and says so, the next run goes on', async () => {
    // Prepare
    for (let index = 0; index < 5; index += 1) await addOutboxMessage(`batch-${index}`, daysAgo(60));
    const small: RetentionSettings = { ...DEFAULTS, batchSize: 2, maxBatches: 2 };
    // Act
    const first = await pruneExpired(db, small, NOW);
    const second = await pruneExpired(db, small, NOW);
    // Assess
    expect([first.outbox, first.complete, second.outbox, second.complete]).toEqual([4, false, 1, true]);
    expect(await count("outbox_messages WHERE outreach_id LIKE 'batch-%'")).toBe(0);
  });
});
