import type { ProviderHttp } from '../provider-http.ts';
import type { ChangedOrder, OrderFeed } from '../../intake/reconcile-orders.ts';
import { normaliseBigCommerceWebhook } from '../../platforms/bigcommerce/normalise.ts';
import type { BigCommerceOrdersApi, BigCommerceStoreApi } from '../../platforms/bigcommerce/orders-api.ts';
import { MAX_PAGES_PER_RUN, ordersIn, readApi } from './read-api.ts';

const PAGE_SIZE = 250;

/** A listed order, as the `store/order/updated` webhook it would have been (event time: its modification). */
const changedOrderOf = (order: Record<string, unknown>, ordersApi: BigCommerceOrdersApi, store: BigCommerceStoreApi): ChangedOrder => {
  const modifiedAt = String(order.date_modified ?? order.date_created ?? '');
  const modifiedEpoch = Math.floor(new Date(modifiedAt).getTime() / 1000);
  const webhook = {
    scope: 'store/order/updated',
    data: { type: 'order', id: String(order.id) },
    ...(Number.isFinite(modifiedEpoch) ? { created_at: modifiedEpoch } : {}),
  };
  return {
    orderId: String(order.id),
    modifiedAt,
    topic: webhook.scope,
    normalise: (context) => normaliseBigCommerceWebhook(webhook, context, ordersApi, store),
  };
};

/**
 * BigCommerce V2 `GET {apiUrl}/v2/orders?min_date_modified&max_date_modified&sort=date_modified:asc
 * &limit=250&page=N` (`X-Auth-Token`; 204 when no order matches). Each change becomes the
 * `store/order/updated` webhook it would have been, read through the same V2 order and products
 * calls the webhook path makes.
 */
export const createBigCommerceOrderFeed = (http: ProviderHttp, ordersApi: BigCommerceOrdersApi): OrderFeed => ({
  canReconcile: (tenant) => Boolean(tenant.apiUrl && tenant.apiToken),
  async *changedOrders(tenant, window) {
    const store = { apiUrl: tenant.apiUrl ?? '', apiToken: tenant.apiToken ?? '' };
    const base = store.apiUrl.replace(/\/+$/, '');
    for (let page = 1; page <= MAX_PAGES_PER_RUN; page += 1) {
      const query = new URLSearchParams({
        min_date_modified: window.from.toISOString(),
        max_date_modified: window.to.toISOString(),
        sort: 'date_modified:asc',
        limit: String(PAGE_SIZE),
        page: String(page),
      });
      const answer = await readApi(http, `${base}/v2/orders?${query}`, { 'X-Auth-Token': store.apiToken }, 'BigCommerce API');
      const orders = ordersIn(answer.body, 'BigCommerce API');
      const last = orders.length < PAGE_SIZE;
      yield { last, orders: orders.map((order) => changedOrderOf(order, ordersApi, store)) };
      if (last) return;
    }
  },
});
