import type { ProviderHttp } from '../provider-http.ts';
import type { ChangedOrder, OrderFeed } from '../../intake/reconcile-orders.ts';
import { normaliseShopifyWebhook } from '../../platforms/shopify/normalise.ts';
import { MAX_PAGES_PER_RUN, ordersIn, readApi } from './read-api.ts';

/** `<https://…page_info=…>; rel="next"`: Shopify's cursor pagination (page_info), as documented. */
const nextLink = (link: string | undefined): string | null => {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return null;
};

/** An order resource as the list returns it: what the `orders/updated` webhook would have carried. */
const changedOrderOf = (order: Record<string, unknown>): ChangedOrder => ({
  orderId: String(order.id),
  modifiedAt: String(order.updated_at ?? order.created_at ?? ''),
  topic: 'orders/updated',
  normalise: (context) => normaliseShopifyWebhook(order, context),
});

/**
 * Shopify Admin REST `GET {apiUrl}/orders.json?status=any&updated_at_min&updated_at_max&limit=250`,
 * with `X-Shopify-Access-Token` (the tenant's `--api-url https://{shop}.myshopify.com/admin/api/{version}`
 * and `--api-token`). Each order resource is what the `orders/updated` webhook carries.
 */
export const createShopifyOrderFeed = (http: ProviderHttp): OrderFeed => ({
  canReconcile: (tenant) => Boolean(tenant.apiUrl && tenant.apiToken),
  async *changedOrders(tenant, window) {
    const base = (tenant.apiUrl ?? '').replace(/\/+$/, '');
    const query = new URLSearchParams({
      status: 'any',
      updated_at_min: window.from.toISOString(),
      updated_at_max: window.to.toISOString(),
      limit: '250',
      order: 'updated_at asc',
    });
    let url: string | null = `${base}/orders.json?${query}`;
    for (let page = 0; url && page < MAX_PAGES_PER_RUN; page += 1) {
      const answer = await readApi(http, url, { 'X-Shopify-Access-Token': tenant.apiToken ?? '' }, 'Shopify Admin API');
      const body = answer.body as { orders?: unknown } | null;
      const orders = ordersIn(body?.orders ?? [], 'Shopify Admin API');
      url = nextLink(answer.headers.link);
      yield { last: url === null, orders: orders.map(changedOrderOf) };
    }
  },
});
