import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodedKafkaBatch } from '../../events/decoded-kafka-batch.ts';
import type { KafkaLambdaEvent } from '../../events/kafka-lambda-event.ts';
import { silentLogger } from '../../lib/logger.ts';
import type { Database } from '../../lib/store/database.ts';
import { migrate } from '../../lib/store/migrate.ts';
import { openPgliteDatabase } from '../../lib/store/pglite-database.ts';
import { openPostgresDatabase } from '../../lib/store/postgres-database.ts';
import type { RunningConsumer } from '../../lib/transport/kafka-consumer.ts';
import { createLocalEventLog, type LocalEventLog } from '../../lib/transport/local-event-log.ts';
import { createPartitionLeases } from '../../lib/transport/local-log-leases.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { waitFor } from '../support/test-app.ts';

const TOPIC = 'afterglow.orders';
const TAKEOVER_TOPIC = 'afterglow.feedback';

/** Every publishing transaction sleeps a random while before it commits: late commits, as under load. */
const withSlowCommits = (db: Database, maxSeconds: number): Database => ({
  ...db,
  transaction: (work) =>
    db.transaction(async (tx) => {
      const result = await work(tx);
      await tx.query('SELECT pg_sleep($1)', [Math.random() * maxSeconds]);
      return result;
    }),
});

/** What one consumer group saw: every record's value with where it came from, and any overlap of two handlers on one partition. */
/** The records of an event as the handler reads them. */
const recordsOf = (event: KafkaLambdaEvent | DecodedKafkaBatch) => {
  // The local log hands over the records it read, decoded (never a Lambda event to decode again).
  if (!(event instanceof DecodedKafkaBatch)) throw new Error('the local log delivered a Lambda event');
  return event.messages.map((message) => ({ partition: message.partition, offset: BigInt(message.offset), value: message.value.toString('utf8') }));
};

const groupRecorder = () => {
  const seen: { value: string; partition: number; offset: bigint }[] = [];
  const active = new Map<number, number>();
  let overlaps = 0;
  const handler = async (event: KafkaLambdaEvent | DecodedKafkaBatch) => {
    const records = recordsOf(event);
    const partition = records[0]?.partition ?? -1;
    active.set(partition, (active.get(partition) ?? 0) + 1);
    if ((active.get(partition) ?? 0) > 1) overlaps += 1;
    try {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      for (const record of records) {
        seen.push(record);
      }
    } finally {
      active.set(partition, (active.get(partition) ?? 1) - 1);
    }
  };
  return { seen, handler, overlaps: () => overlaps };
};

/** Publishes `publishers × rounds` batches of 1–3 records concurrently; resolves with every value published. */
const publishConcurrently = async (log: LocalEventLog, topic: string, label: string, publishers: number, rounds: number, onRound?: (round: number) => void) => {
  const values: string[] = [];
  await Promise.all(
    Array.from({ length: publishers }, async (_, publisher) => {
      for (let round = 0; round < rounds; round += 1) {
        const batch = Array.from({ length: 1 + ((publisher + round) % 3) }, (_, index) => {
          const value = `${label}-p${publisher}-r${round}-m${index}`;
          return { key: `tenant/customer-${(publisher * 7 + round * 3 + index) % 41}`, value };
        });
        await log.publish(topic, batch);
        values.push(...batch.map((message) => message.value));
        if (publisher === 0) onRound?.(round);
      }
    }),
  );
  return values;
};

const expectEachOnceInOffsetOrder = (seen: readonly { value: string; partition: number; offset: bigint }[], published: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const { value } of seen) counts.set(value, (counts.get(value) ?? 0) + 1);
  const missing = published.filter((value) => !counts.has(value));
  const repeated = [...counts].filter(([, count]) => count > 1);
  expect({ missing: missing.length, repeated: repeated.length, seen: seen.length }).toEqual({ missing: 0, repeated: 0, seen: published.length });
  const lastOffset = new Map<number, bigint>();
  for (const { partition, offset } of seen) {
    expect(offset > (lastOffset.get(partition) ?? 0n)).toBe(true);
    lastOffset.set(partition, offset);
  }
};

describe('local event log on PostgreSQL: concurrent publishers, late commits, two processes', () => {
  let database: TestDatabase;
  const pools: Database[] = [];
  const open = (max: number) => {
    const db = openPostgresDatabase(database.url, { max });
    pools.push(db);
    return db;
  };

  beforeAll(async () => {
    database = await createTestDatabase('local_log');
    const db = open(2);
    await migrate(db);
  });
  afterAll(async () => {
    await Promise.all(pools.map((db) => db.close().catch(() => undefined)));
    await database?.drop();
  });

  it('delivers every record exactly once per group, in offset order, while publishes commit late and a consumer hands over', async () => {
    // Prepare: publishers whose transactions sleep before committing; group "orders" in two
    // processes (the first stops half-way, the second takes over), group "audit" in one.
    const publisherLog = createLocalEventLog(withSlowCommits(open(24), 0.04), silentLogger, { pollMs: 20 });
    const processA = createLocalEventLog(open(4), silentLogger, { pollMs: 10, leaseMs: 5_000 });
    const processB = createLocalEventLog(open(4), silentLogger, { pollMs: 10, leaseMs: 5_000 });
    const orders = groupRecorder();
    const audit = groupRecorder();
    const ordersInA = processA.consume({ groupId: 'orders', topic: TOPIC, handler: orders.handler, batchSize: 7 });
    const ordersInB = processB.consume({ groupId: 'orders', topic: TOPIC, handler: orders.handler, batchSize: 7 });
    const auditInB = processB.consume({ groupId: 'audit', topic: TOPIC, handler: audit.handler, batchSize: 13 });
    let handedOver: Promise<void> | null = null;
    // Act
    const published = await publishConcurrently(publisherLog, TOPIC, 'race', 16, 30, (round) => {
      if (round === 15) handedOver = ordersInA.stop();
    });
    await handedOver;
    await waitFor(async () => orders.seen.length >= published.length && audit.seen.length >= published.length, {
      timeoutMs: 60_000,
      what: 'both groups to read every record',
    });
    await Promise.all([ordersInB.stop(), auditInB.stop()]);
    // Assess
    expect(published.length).toBeGreaterThan(900);
    expectEachOnceInOffsetOrder(orders.seen, published);
    expectEachOnceInOffsetOrder(audit.seen, published);
    expect(orders.overlaps()).toBe(0);
    expect(audit.overlaps()).toBe(0);
  });

  it('lets a second process take a partition only once the holder has stopped renewing and its lease expired, then go on from the committed offset', async () => {
    // Prepare: process A consumes, then dies without releasing (its connections end); B waits
    const poolA = open(2);
    const processA = createLocalEventLog(poolA, silentLogger, { pollMs: 10, leaseMs: 1_500 });
    const processB = createLocalEventLog(open(2), silentLogger, { pollMs: 10, leaseMs: 1_500 });
    const publisher = createLocalEventLog(open(4), silentLogger);
    const group = groupRecorder();
    const byA: string[] = [];
    const inA = processA.consume({
      groupId: 'takeover',
      topic: TAKEOVER_TOPIC,
      handler: async (event) => {
        await group.handler(event);
        byA.push(...recordsOf(event).map((record) => record.value));
      },
    });
    await waitFor(async () => (await poolA.query("SELECT 1 FROM local_log_leases WHERE group_id = 'takeover'")).length === 4, { what: 'A to lease all partitions' });
    const inB = processB.consume({ groupId: 'takeover', topic: TAKEOVER_TOPIC, handler: group.handler });
    const before = await publishConcurrently(publisher, TAKEOVER_TOPIC, 'before', 4, 5);
    await waitFor(async () => group.seen.length >= before.length, { what: 'A to read the first records' });
    // Act: A's process dies (no release, no renewal); more records arrive
    await poolA.close();
    const after = await publishConcurrently(publisher, TAKEOVER_TOPIC, 'after', 4, 5);
    await waitFor(async () => group.seen.length >= before.length + after.length, { timeoutMs: 30_000, what: 'B to take over' });
    await Promise.all([inB.stop(), inA.stop()]);
    // Assess: A read everything before its death, B everything after it; nothing twice
    expect(new Set(byA)).toEqual(new Set(before));
    expectEachOnceInOffsetOrder(group.seen, [...before, ...after]);
    expect(group.overlaps()).toBe(0);
  });

  it('moves a committed offset only forward, and only for the holder of the lease', async () => {
    // Prepare
    const db = open(2);
    const leases = (owner: string) => createPartitionLeases(db, { groupId: 'fenced', topic: TOPIC, owner, leaseMs: 60_000 });
    const committed = async () =>
      (await db.query<{ offset: string }>("SELECT committed_offset::text AS offset FROM local_log_commits WHERE group_id = 'fenced' AND partition = 0"))[0]?.offset;
    const holder = leases('holder');
    const other = leases('other');
    // Act + Assess
    expect(await holder.hold(0)).toBe(true);
    expect(await other.hold(0)).toBe(false);
    expect(await holder.commit(0, '50')).toBe(true);
    expect(await other.commit(0, '90')).toBe(false);
    expect(await holder.commit(0, '30')).toBe(false);
    expect(await committed()).toBe('50');
    // the database clock passes the lease's expiry: the other takes over, the old holder is fenced off
    await db.query("UPDATE local_log_leases SET expires_at = clock_timestamp() - interval '1 second' WHERE group_id = 'fenced'");
    expect(await other.hold(0)).toBe(true);
    expect(await holder.commit(0, '70')).toBe(false);
    expect(await holder.hold(0, { renew: true })).toBe(false);
    expect(await other.commit(0, '60')).toBe(true);
    expect(await committed()).toBe('60');
  });
});

describe('local event log on PGlite', () => {
  let db: Database;
  const consumers: RunningConsumer[] = [];
  beforeAll(async () => {
    db = await openPgliteDatabase(undefined);
    await migrate(db);
  });
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await db?.close();
  });

  it('delivers every record once, in offset order, across batches whose offsets cross a digit boundary', async () => {
    // Prepare
    const log = createLocalEventLog(db, silentLogger, { pollMs: 10, owner: 'embedded-store' });
    const group = groupRecorder();
    consumers.push(log.consume({ groupId: 'orders', topic: TOPIC, handler: group.handler, batchSize: 7 }));
    // Act
    const published = await publishConcurrently(log, TOPIC, 'pglite', 6, 25);
    await waitFor(async () => group.seen.length >= published.length, { what: 'every record' });
    // Assess
    expectEachOnceInOffsetOrder(group.seen, published);
  });

  it('appends concurrent publishes in shared transactions; a publish the store refuses fails alone, the others of its group are kept', async () => {
    // Prepare: a store that counts its transactions; one publish carries a header PostgreSQL's jsonb refuses (NUL)
    let transactions = 0;
    const counted: Database = { ...db, transaction: (work) => ((transactions += 1), db.transaction(work)) };
    const log = createLocalEventLog(counted, silentLogger, { pollMs: 10, owner: 'embedded-store' });
    const group = groupRecorder();
    consumers.push(log.consume({ groupId: 'grouped', topic: TAKEOVER_TOPIC, handler: group.handler }));
    const values = Array.from({ length: 40 }, (_, index) => `grouped-${index}`);
    // Act
    const outcomes = await Promise.allSettled([
      ...values.map((value) => log.publish(TAKEOVER_TOPIC, [{ key: value, value }])),
      log.publish(TAKEOVER_TOPIC, [{ key: 'refused', value: 'refused', headers: { note: 'a\u0000b' } }]),
    ]);
    const transactionsForPublishes = transactions;
    await waitFor(async () => group.seen.length >= values.length, { what: 'every kept record' });
    // Assess
    expect(outcomes.slice(0, values.length).every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(outcomes.at(-1)).toMatchObject({ status: 'rejected', reason: { name: 'UpstreamUnavailableError' } });
    // far fewer than one per publish: the group, then halves of it until the refused one stands alone (and a consumer commit or two)
    expect(transactionsForPublishes).toBeLessThan(values.length / 2);
    expect(group.seen.map((record) => record.value).sort()).toEqual([...values].sort());
  });
});
