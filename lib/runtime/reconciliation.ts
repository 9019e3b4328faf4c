import { reconcileTenants, type ReconciliationSummary } from '../intake/reconcile-orders.ts';
import { guardOutboundHttp } from '../providers/guarded-http.ts';
import { createAxios, deferredHttp } from '../providers/provider-http.ts';
import { createBigCommerceOrderFeed } from '../providers/order-feeds/bigcommerce-order-feed.ts';
import { createShopifyOrderFeed } from '../providers/order-feeds/shopify-order-feed.ts';
import { createWooCommerceOrderFeed } from '../providers/order-feeds/woocommerce-order-feed.ts';
import { createReconciliationRepository } from '../store/reconciliation-repository.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { AppContext } from './app-context.ts';

/**
 * One reconciliation run (the `reconcile` schedule; `afterglow reconcile`): every tenant that gave
 * afterglow its platform's API, or just `onlyTenantId`, read for order changes no webhook brought.
 */
export const runReconciliation = async (context: AppContext, onlyTenantId?: string): Promise<ReconciliationSummary> => {
  const cursors = createReconciliationRepository(context.db);
  // The platform API's URL is the tenant's: it goes through the outbound guard like every provider call
  // (axios loaded at the first call: a run with no tenant to read makes none).
  const http = deferredHttp(async () => guardOutboundHttp(await createAxios({ timeout: 10_000 }), context.outbound));
  const ids = onlyTenantId ? [onlyTenantId] : await cursors.tenantIdsWithApi();
  const tenants = (await Promise.all(ids.map((id) => context.tenants.findById(id)))).filter((tenant): tenant is Tenant => tenant !== null);
  return reconcileTenants(tenants, {
    orders: context.orders,
    ledger: context.ledger,
    eventLog: context.eventLog,
    topics: context.topics,
    feeds: {
      shopify: createShopifyOrderFeed(http),
      woocommerce: createWooCommerceOrderFeed(http),
      bigcommerce: createBigCommerceOrderFeed(http, context.bigCommerce),
    },
    cursors,
    clock: context.clock,
    logger: context.logger.child({ function: 'reconcile' }),
  });
};
