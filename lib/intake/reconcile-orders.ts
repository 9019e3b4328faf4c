import { ORDER_EVENT_CONTENT_TYPE, type OrderEvent, type Platform } from '../../events/order-event.ts';
import type { Logger } from '../logger.ts';
import { compareAmounts } from '../platforms/normalise-helpers.ts';
import type { DeliveryContext, Normalised } from '../platforms/order-event-builder.ts';
import type { DeliveryLedger } from '../store/delivery-ledger.ts';
import type { OrderRepository } from '../store/order-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { EventLog, TopicNames } from '../transport/event-log.ts';
import { orderEventKey } from './receive-order-webhook.ts';

/** One order the platform's API reports as changed, ready to become an OrderEvent like a webhook's. */
export interface ChangedOrder {
  readonly orderId: string;
  /** The platform's own modification time, as it reports it: with the order id, it names this change. */
  readonly modifiedAt: string;
  /** The webhook topic the same change would have come with (its event id includes it). */
  readonly topic: string;
  readonly normalise: (context: DeliveryContext) => Promise<Normalised>;
}

/**
 * A platform's "orders changed in this window" API (Shopify Admin orders.json, WooCommerce REST
 * orders, BigCommerce V2 orders), page by page, oldest change first. Throws
 * UpstreamUnavailableError when the platform fails: the window is then read again next run.
 */
export interface OrderFeed {
  canReconcile(tenant: Tenant): boolean;
  changedOrders(tenant: Tenant, window: { from: Date; to: Date }): AsyncIterable<OrderFeedPage>;
}

export interface OrderFeedPage {
  readonly orders: readonly ChangedOrder[];
  /** This is the window's last page. A feed that stops before (its page limit) leaves the rest to the next run. */
  readonly last: boolean;
}

export interface ReconciliationCursor {
  /** Every change before this instant has been read (and published when it was missing). */
  readonly syncedUntil: Date;
}

export interface ReconciliationCursors {
  find(tenantId: string): Promise<ReconciliationCursor | null>;
  /** Moves the cursor forward only (a slower, overlapping run never moves it back) and records the run. */
  advance(tenantId: string, syncedUntil: Date, run: ReconciliationRun): Promise<void>;
  recordFailure(tenantId: string, at: Date, reason: string): Promise<void>;
}

export interface ReconciliationRun {
  readonly from: string;
  readonly to: string;
  readonly read: number;
  readonly published: number;
  readonly alreadyKnown: number;
}

export interface ReconcileDeps {
  readonly orders: Pick<OrderRepository, 'find' | 'customerKeyOf'>;
  readonly ledger: DeliveryLedger;
  readonly eventLog: EventLog;
  readonly topics: TopicNames;
  readonly feeds: Readonly<Record<Platform, OrderFeed>>;
  readonly cursors: ReconciliationCursors;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/**
 * Changes younger than this are left to their webhook, which is normally on its way (or being
 * retried by the platform); the next run looks at them.
 */
export const SETTLE_MS = 10 * 60_000;
/** Each run reads again this far before its cursor: platforms' modification times are not strictly ordered. */
export const OVERLAP_MS = 15 * 60_000;
/** The first run of a tenant looks this far back. */
export const FIRST_LOOKBACK_MS = 3 * 86_400_000;

const sameAmount = (left: string | null, right: string | null) =>
  left === right || (left !== null && right !== null && compareAmounts(left, right) === 0);

/**
 * A change the store already reflects (a webhook brought it): the order is in the state the
 * platform reports, with the same refunds. Nothing afterglow reacts to would change.
 */
const alreadyKnown = async (deps: ReconcileDeps, event: OrderEvent): Promise<boolean> => {
  const stored = await deps.orders.find(event.tenantId, event.order.id);
  return stored !== null && stored.kind === event.kind && sameAmount(stored.refundedTotal, event.order.refundedTotal);
};

type Outcome = 'published' | 'known' | 'ignored';

const reconcileOrder = async (tenant: Tenant, changed: ChangedOrder, deps: ReconcileDeps): Promise<Outcome> => {
  const deliveryId = `reconcile:${changed.orderId}:${changed.modifiedAt}`;
  const deliveryKey = `${changed.topic}:${deliveryId}`;
  const claim = await deps.ledger.claim(tenant.id, deliveryKey, deps.clock());
  // Published by an earlier run, or being published by an overlapping one right now.
  if (claim.outcome !== 'claimed') return 'known';
  try {
    const normalised = await changed.normalise({
      tenantId: tenant.id,
      platform: tenant.platform,
      topic: changed.topic,
      deliveryId,
      receivedAt: deps.clock(),
      storedCustomerKey: (orderId) => deps.orders.customerKeyOf(tenant.id, orderId),
    });
    if (normalised.outcome === 'ignored') {
      await deps.ledger.release(tenant.id, deliveryKey, claim.token);
      return 'ignored';
    }
    const { event } = normalised;
    if (await alreadyKnown(deps, event)) {
      await deps.ledger.markPublished(tenant.id, deliveryKey, claim.token, event.eventId, deps.clock());
      return 'known';
    }
    await deps.eventLog.publish(deps.topics.orders, [
      {
        key: orderEventKey(event),
        value: JSON.stringify(event),
        headers: { 'content-type': ORDER_EVENT_CONTENT_TYPE, 'afterglow-event-id': event.eventId, 'afterglow-source': 'reconciliation' },
      },
    ]);
    await deps.ledger.markPublished(tenant.id, deliveryKey, claim.token, event.eventId, deps.clock());
    return 'published';
  } catch (error) {
    await deps.ledger.release(tenant.id, deliveryKey, claim.token).catch(() => undefined);
    throw error;
  }
};

/**
 * Asks the platform for the orders changed since the tenant's cursor and publishes, once each,
 * the changes no webhook brought (WooCommerce never retries a failed delivery; any platform can
 * drop one). A change is named by its order id and modification time, so overlapping or repeated
 * runs publish it once; the cursor moves only after a whole window was read.
 */
export const reconcileTenant = async (tenant: Tenant, deps: ReconcileDeps): Promise<ReconciliationRun> => {
  const feed = deps.feeds[tenant.platform];
  const now = deps.clock();
  const cursor = await deps.cursors.find(tenant.id);
  const to = new Date(now.getTime() - SETTLE_MS);
  const from = new Date((cursor?.syncedUntil.getTime() ?? now.getTime() - FIRST_LOOKBACK_MS) - (cursor ? OVERLAP_MS : 0));
  const counts = { read: 0, published: 0, alreadyKnown: 0 };
  let readUntil = from;
  let wholeWindow = false;
  try {
    for await (const page of feed.changedOrders(tenant, { from, to })) {
      wholeWindow = page.last;
      for (const changed of page.orders) {
        const modified = new Date(changed.modifiedAt);
        if (modified > readUntil) readUntil = modified;
        counts.read += 1;
        const outcome = await reconcileOrder(tenant, changed, deps);
        if (outcome === 'published') counts.published += 1;
        else counts.alreadyKnown += 1;
      }
    }
  } catch (error) {
    await deps.cursors.recordFailure(tenant.id, now, (error as Error).message);
    throw error;
  }
  // Oldest change first: a window cut short by the feed's page limit was read up to its last change.
  const syncedUntil = wholeWindow ? to : readUntil;
  const run = { from: from.toISOString(), to: syncedUntil.toISOString(), ...counts };
  await deps.cursors.advance(tenant.id, syncedUntil, run);
  if (counts.published > 0) {
    deps.logger.warn('reconciliation published order changes no webhook brought', { tenantId: tenant.id, published: counts.published });
  }
  return run;
};

export interface ReconciliationSummary {
  readonly tenants: number;
  readonly read: number;
  readonly published: number;
  readonly failed: readonly { readonly tenantId: string; readonly reason: string }[];
}

/** Every tenant whose platform API afterglow can read; one tenant's failure never stops the others. */
export const reconcileTenants = async (tenants: readonly Tenant[], deps: ReconcileDeps): Promise<ReconciliationSummary> => {
  let read = 0;
  let published = 0;
  let count = 0;
  const failed: { tenantId: string; reason: string }[] = [];
  for (const tenant of tenants) {
    if (!deps.feeds[tenant.platform].canReconcile(tenant)) continue;
    count += 1;
    try {
      const run = await reconcileTenant(tenant, deps);
      read += run.read;
      published += run.published;
    } catch (error) {
      deps.logger.warn('reconciliation failed; the window is read again next run', { tenantId: tenant.id, error });
      failed.push({ tenantId: tenant.id, reason: (error as Error).message });
    }
  }
  return { tenants: count, read, published, failed };
};
