import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const SEEDED = 1000;
const PAGE = 7;

/**
 * Paging as a merchant's integration meets it: 1000+ rows read in pages of 7 over HTTP while other
 * writers add rows and change the ones being paged. Each row that existed when paging began
 * appears exactly once; rows added meanwhile at most once.
 */
describe('paginated routes page exactly while writers work (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TestApp;
  let apiKey: string;

  beforeAll(async () => {
    database = await createTestDatabase('exact_paging');
    app = await startTestApp({ DATABASE_URL: database.url }, { runSchedules: false });
    apiKey = (await app.createTenant({ id: 'acme', platform: 'shopify', webhookSecret: 'secret' })).apiKey;
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  const get = async (path: string) => {
    const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  /** Reads every page of a cursor route while `write` runs again and again; returns the ids seen, in order. */
  const pageThrough = async (
    route: string,
    rowsOf: (body: Record<string, unknown>) => string[],
    next: (body: Record<string, unknown>) => string | null,
    param: string,
    write: (round: number) => Promise<void>,
  ) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let writing = true;
    const writer = (async () => {
      for (let round = 0; writing && round < 10_000; round += 1) await write(round);
    })();
    try {
      for (let page = 0; page < 1_000; page += 1) {
        const body = await get(`${route}?limit=${PAGE}${cursor ? `&${param}=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...rowsOf(body));
        cursor = next(body);
        if (!cursor) break;
      }
    } finally {
      writing = false;
      await writer;
    }
    return { seen, cursor };
  };

  const expectExact = (seen: readonly string[], existing: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect({
      missing: existing.filter((id) => !counts.has(id)).length,
      repeated: [...counts.values()].filter((count) => count > 1).length,
    }).toEqual({ missing: 0, repeated: 0 });
  };

  it('orders: newest first on when afterglow recorded them, while orders change state and new ones arrive', async () => {
    // Prepare: 1000 orders, four per microsecond, their state times scattered
    await app.context.db.query(
      `INSERT INTO orders (tenant_id, order_id, platform, kind, state_at, customer_key, customer, items, last_event_id, created_at)
       SELECT 'acme', 'o' || i, 'shopify', 'paid', now() - (random() * interval '30 days'), 'c:' || i, '{}', '[]', 'e' || i,
              '2026-01-01T00:00:00Z'::timestamptz + (i / 4) * interval '1 microsecond'
       FROM generate_series(1, $1) AS i`,
      [SEEDED],
    );
    const existing = Array.from({ length: SEEDED }, (_, index) => `o${index + 1}`);
    // Act: meanwhile, orders move to a new state (a new state time) and new orders come in
    const { seen } = await pageThrough(
      '/api/orders',
      (body) => (body.orders as { orderId: string }[]).map((order) => order.orderId),
      (body) => body.nextCursor as string | null,
      'cursor',
      async (round) => {
        await app.context.db.query(
          `UPDATE orders SET kind = 'delivered', state_at = now(), updated_at = now()
           WHERE tenant_id = 'acme' AND order_id = ANY($1::text[])`,
          [[`o${1 + ((round * 37) % SEEDED)}`, `o${1 + ((round * 91) % SEEDED)}`]],
        );
        await app.context.db.query(
          `INSERT INTO orders (tenant_id, order_id, platform, kind, state_at, customer_key, customer, items, last_event_id)
           VALUES ('acme', $1, 'shopify', 'paid', now(), 'c:new', '{}', '[]', $1)`,
          [`new-${round}`],
        );
      },
    );
    // Assess
    expectExact(seen, existing);
  });

  it('referrals and privacy requests: newest first, exact, while new ones are recorded', async () => {
    // Prepare
    await app.context.db.query(
      `INSERT INTO referrals (tenant_id, order_id, code, advocate_key, friend_key, attributed_via, state, created_at)
       SELECT 'acme', 'r' || i, 'ADA-1', 'c:a', 'c:' || i, 'landing', 'held', '2026-01-01T00:00:00Z'::timestamptz + (i / 3) * interval '1 microsecond'
       FROM generate_series(1, $1) AS i`,
      [SEEDED],
    );
    await app.context.db.query(
      `INSERT INTO privacy_requests (id, tenant_id, topic, delivery_key, received_at, summary)
       SELECT 'pr' || i, 'acme', 'customers/redact', 'd' || i, '2026-01-01T00:00:00Z'::timestamptz + (i / 5) * interval '1 microsecond', '{}'
       FROM generate_series(1, $1) AS i`,
      [SEEDED],
    );
    // Act
    const referrals = await pageThrough(
      '/api/referrals',
      (body) => (body.referrals as { orderId: string }[]).map((referral) => referral.orderId),
      (body) => body.nextCursor as string | null,
      'cursor',
      async (round) => {
        await app.context.db.query(
          `INSERT INTO referrals (tenant_id, order_id, code, advocate_key, friend_key, attributed_via, state)
           VALUES ('acme', $1, 'ADA-1', 'c:a', 'c:new', 'landing', 'held')`,
          [`new-${round}`],
        );
      },
    );
    const privacy = await pageThrough(
      '/api/privacy/requests',
      (body) => (body.requests as { id: string }[]).map((request) => request.id),
      (body) => body.nextCursor as string | null,
      'cursor',
      async (round) => {
        await app.context.db.query(
          `INSERT INTO privacy_requests (id, tenant_id, topic, delivery_key, received_at, summary) VALUES ($1, 'acme', 'customers/redact', $1, now(), '{}')`,
          [`new-${round}`],
        );
      },
    );
    // Assess
    expectExact(referrals.seen, Array.from({ length: SEEDED }, (_, index) => `r${index + 1}`));
    expectExact(privacy.seen, Array.from({ length: SEEDED }, (_, index) => `pr${index + 1}`));
  });

  it('outbox: oldest first by id, exact, and a reader that goes on from its last id later misses none of the messages kept meanwhile', async () => {
    // Prepare: asks to keep messages for, and 1000 kept already
    await app.context.db.query(
      `INSERT INTO outreach (id, tenant_id, customer_key, kind, dedupe_key, state, journey_at, due_at, basis)
       SELECT 'ask' || i, 'acme', 'c:' || i, 'feedback_request', 'ask' || i, 'sent', now(), now(), 'trigger' FROM generate_series(1, $1) AS i`,
      [SEEDED * 2],
    );
    const keep = (index: number) =>
      app.context.outbox.keep('acme', {
        reference: `ask${index}`,
        channel: 'email',
        to: `c${index}@example.com`,
        subject: 's',
        text: 't',
      } as unknown as Parameters<typeof app.context.outbox.keep>[1]);
    for (let start = 1; start <= SEEDED; start += 50) await Promise.all(Array.from({ length: 50 }, (_, offset) => keep(start + offset)));
    const idsOf = (body: Record<string, unknown>) => (body.messages as { outreachId: string }[]).map((message) => message.outreachId);
    let added = SEEDED;
    // Act: concurrent writers keep more messages (ten at once) while the reader pages
    const { seen } = await pageThrough('/api/outbox', idsOf, (body) => body.nextAfter as string | null, 'after', async () => {
      if (added >= SEEDED * 2) return;
      const batch = Array.from({ length: Math.min(10, SEEDED * 2 - added) }, (_, offset) => added + 1 + offset);
      added += batch.length;
      await Promise.all(batch.map((index) => keep(index)));
    });
    // then every message is there: the reader goes on from the last id it saw
    const all = [...seen];
    let after = (await app.context.db.query<{ id: string }>(
      'SELECT id::text AS id FROM outbox_messages WHERE outreach_id = $1',
      [seen.at(-1)],
    ))[0]?.id ?? '0';
    for (let page = 0; page < 1_000; page += 1) {
      const body = await get(`/api/outbox?limit=${PAGE}&after=${after}`);
      const messages = body.messages as { id: string; outreachId: string }[];
      all.push(...messages.map((message) => message.outreachId));
      if (messages.length === 0) break;
      after = messages.at(-1)?.id ?? after;
    }
    // Assess
    expectExact(seen, Array.from({ length: SEEDED }, (_, index) => `ask${index + 1}`));
    expectExact(all, Array.from({ length: added }, (_, index) => `ask${index + 1}`));
  });
});
