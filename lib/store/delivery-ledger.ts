import { randomUUID } from 'node:crypto';
import { CallFailed, groupCalls, type GroupedCallSettings } from '../batching/grouped-calls.ts';
import type { SqlExecutor } from './database.ts';

export type DeliveryClaim =
  | { readonly outcome: 'claimed'; readonly token: string }
  | { readonly outcome: 'published' }
  | { readonly outcome: 'in_flight' };

/**
 * Which webhook deliveries have been published, shared by every process over one database.
 * A request claims a delivery before publishing it and marks it published after; a failed
 * publish releases the claim, so the platform's retry publishes it again, once. A claim whose
 * holder died is taken over after `leaseMs`.
 */
export interface DeliveryLedger {
  claim(tenantId: string, deliveryKey: string, now: Date): Promise<DeliveryClaim>;
  markPublished(tenantId: string, deliveryKey: string, token: string, eventId: string, now: Date): Promise<void>;
  release(tenantId: string, deliveryKey: string, token: string): Promise<void>;
}

interface ClaimItem {
  readonly tenantId: string;
  readonly deliveryKey: string;
  readonly token: string;
  readonly now: Date;
}
interface PublishedItem extends ClaimItem {
  readonly eventId: string;
}

/** How the ledger groups concurrent claims, and concurrent records, into one statement each. */
export const DEFAULT_LEDGER_GROUPING: Omit<GroupedCallSettings<unknown>, 'weight' | 'maxWeight'> = { lingerMs: 0, maxInFlight: 2, maxItems: 200 };

const keyOf = (item: ClaimItem) => `${item.tenantId}\u0000${item.deliveryKey}`;
/** One order of rows for every statement, so two statements locking the same deliveries never deadlock. */
const byKey = (a: { item: ClaimItem }, b: { item: ClaimItem }) => (keyOf(a.item) < keyOf(b.item) ? -1 : keyOf(a.item) > keyOf(b.item) ? 1 : 0);

/**
 * Runs `statement` over the distinct deliveries of a group, in one order; when the statement fails
 * for the group, each delivery is tried alone, so one that cannot be written (its tenant erased a
 * moment ago) fails alone. `answer` gives each item of the group its result from its delivery's row.
 */
const perDelivery = async <Item extends ClaimItem, Row, Result>(
  items: readonly Item[],
  statement: (distinct: readonly Item[]) => Promise<Row[]>,
  answer: (item: Item, row: Row | undefined, first: Item) => Result,
  rowKey: (row: Row) => string,
): Promise<(Result | CallFailed)[]> => {
  const firsts = new Map<string, Item>();
  for (const item of items) if (!firsts.has(keyOf(item))) firsts.set(keyOf(item), item);
  const distinct = [...firsts.values()].map((item) => ({ item })).sort(byKey).map(({ item }) => item);
  const answerAll = (rows: readonly Row[]) => {
    const byDelivery = new Map(rows.map((row) => [rowKey(row), row]));
    return items.map((item) => answer(item, byDelivery.get(keyOf(item)), firsts.get(keyOf(item)) ?? item));
  };
  try {
    return answerAll(await statement(distinct));
  } catch (error) {
    if (distinct.length === 1) throw error;
    const alone = await Promise.all(
      distinct.map((item) => statement([item]).then((rows) => ({ rows }), (failure: unknown) => ({ failure, item }))),
    );
    const failed = new Map<string, unknown>();
    for (const outcome of alone) if ('failure' in outcome) failed.set(keyOf(outcome.item), outcome.failure);
    const rows = alone.flatMap((outcome) => ('rows' in outcome ? outcome.rows : []));
    const answers = answerAll(rows);
    return items.map((item, index) => (failed.has(keyOf(item)) ? new CallFailed(failed.get(keyOf(item))) : (answers[index] as Result)));
  }
};

/**
 * Claims of concurrent deliveries go as one statement, and so do their records (lib/batching):
 * a delivery costs less than its two round trips when others arrive with it. Each caller still gets
 * its own answer, only once the statement that holds its delivery has committed.
 */
export const createDeliveryLedger = (
  db: SqlExecutor,
  options: { leaseMs?: number; newToken?: () => string; grouping?: Partial<typeof DEFAULT_LEDGER_GROUPING> } = {},
): DeliveryLedger => {
  const leaseMs = options.leaseMs ?? 30_000;
  const newToken = options.newToken ?? randomUUID;
  const grouping = { ...DEFAULT_LEDGER_GROUPING, ...options.grouping };
  const rowKey = (row: { tenant_id: string; delivery_key: string }) => `${row.tenant_id}\u0000${row.delivery_key}`;

  // Claimed (our token came back), or the state the delivery had before this statement: published,
  // or claimed by a live holder (in flight). No row: released meanwhile, and the caller asks again.
  const claims = groupCalls<ClaimItem, DeliveryClaim>(
    (items) =>
      perDelivery(
        items,
        (distinct) =>
          db.query<{ tenant_id: string; delivery_key: string; claimed_token: string | null; state: string | null }>(
            `WITH input AS (
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS u(tenant_id, delivery_key, claim_token, claimed_at, n)
             ), claimed AS (
               INSERT INTO webhook_deliveries (tenant_id, delivery_key, state, claim_token, claimed_at)
               SELECT tenant_id, delivery_key, 'claimed', claim_token, claimed_at FROM input ORDER BY n
               ON CONFLICT (tenant_id, delivery_key) DO UPDATE
                 SET claim_token = EXCLUDED.claim_token, claimed_at = EXCLUDED.claimed_at
                 WHERE webhook_deliveries.state = 'claimed' AND webhook_deliveries.claimed_at < EXCLUDED.claimed_at - $5::int * interval '1 millisecond'
               RETURNING tenant_id, delivery_key, claim_token
             )
             SELECT input.tenant_id, input.delivery_key, claimed.claim_token AS claimed_token, existing.state
             FROM input
             LEFT JOIN claimed ON claimed.tenant_id = input.tenant_id AND claimed.delivery_key = input.delivery_key
             LEFT JOIN webhook_deliveries existing ON existing.tenant_id = input.tenant_id AND existing.delivery_key = input.delivery_key`,
            [
              distinct.map((item) => item.tenantId),
              distinct.map((item) => item.deliveryKey),
              distinct.map((item) => item.token),
              distinct.map((item) => item.now),
              leaseMs,
            ],
          ),
        (item, row, first): DeliveryClaim => {
          // The same delivery twice in one group: the first one's claim is the delivery's; the others find it in flight.
          if (row?.claimed_token && row.claimed_token === item.token) return { outcome: 'claimed', token: item.token };
          if (row?.claimed_token && first !== item) return { outcome: 'in_flight' };
          return row?.state === 'published' ? { outcome: 'published' } : { outcome: 'in_flight' };
        },
        rowKey,
      ),
    grouping,
  );

  // Recorded whatever became of the claim: the event is on the log, so the delivery is done.
  const records = groupCalls<PublishedItem, void>(
    (items) =>
      perDelivery(
        items,
        (distinct) =>
          db.query<{ tenant_id: string; delivery_key: string }>(
            `INSERT INTO webhook_deliveries (tenant_id, delivery_key, state, claim_token, claimed_at, published_at, event_id)
             SELECT tenant_id, delivery_key, 'published', claim_token, at, at, event_id
             FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[]) WITH ORDINALITY AS u(tenant_id, delivery_key, claim_token, at, event_id, n)
             ORDER BY n
             ON CONFLICT (tenant_id, delivery_key) DO UPDATE
               SET state = 'published', published_at = EXCLUDED.published_at, event_id = EXCLUDED.event_id
             RETURNING tenant_id, delivery_key`,
            [
              distinct.map((item) => item.tenantId),
              distinct.map((item) => item.deliveryKey),
              distinct.map((item) => item.token),
              distinct.map((item) => item.now),
              distinct.map((item) => item.eventId),
            ],
          ),
        () => undefined,
        rowKey,
      ),
    grouping,
  );

  return {
    claim: (tenantId, deliveryKey, now) => claims({ tenantId, deliveryKey, token: newToken(), now }),
    markPublished: (tenantId, deliveryKey, token, eventId, now) => records({ tenantId, deliveryKey, token, now, eventId }),
    async release(tenantId, deliveryKey, token) {
      await db.query(
        `DELETE FROM webhook_deliveries WHERE tenant_id = $1 AND delivery_key = $2 AND claim_token = $3 AND state = 'claimed'`,
        [tenantId, deliveryKey, token],
      );
    },
  };
};
