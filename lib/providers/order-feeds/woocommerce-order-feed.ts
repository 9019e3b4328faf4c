import type { ProviderHttp } from '../provider-http.ts';
import type { ChangedOrder, OrderFeed } from '../../intake/reconcile-orders.ts';
import { normaliseWooCommerceWebhook } from '../../platforms/woocommerce/normalise.ts';
import { MAX_PAGES_PER_RUN, ordersIn, readApi } from './read-api.ts';

/** `ck_…:cs_…`, the REST API key pair, sent as HTTP Basic over HTTPS as WooCommerce documents. */
const basicAuth = (token: string) => `Basic ${Buffer.from(token, 'utf8').toString('base64')}`;

/** WooCommerce's REST times are site-local unless `dates_are_gmt=true`; ISO without an offset. */
const gmt = (instant: Date) => instant.toISOString().replace(/\.\d{3}Z$/, '');

/** An order as the list returns it: what the `order.updated` webhook would have carried. */
const changedOrderOf = (order: Record<string, unknown>): ChangedOrder => ({
  orderId: String(order.id),
  modifiedAt: String(order.date_modified_gmt ?? order.date_created_gmt ?? ''),
  topic: 'order.updated',
  normalise: (context) => normaliseWooCommerceWebhook(order, context),
});

/**
 * WooCommerce REST v3 `GET {apiUrl}/orders?modified_after&modified_before&dates_are_gmt=true
 * &orderby=modified&order=asc&per_page=100&page=N` (WooCommerce 5.8+), pages counted by
 * `X-WP-TotalPages`. Each order is what the `order.updated` webhook carries.
 */
export const createWooCommerceOrderFeed = (http: ProviderHttp): OrderFeed => ({
  canReconcile: (tenant) => Boolean(tenant.apiUrl && tenant.apiToken),
  async *changedOrders(tenant, window) {
    const base = (tenant.apiUrl ?? '').replace(/\/+$/, '');
    let totalPages = 1;
    for (let page = 1; page <= totalPages && page <= MAX_PAGES_PER_RUN; page += 1) {
      const query = new URLSearchParams({
        modified_after: gmt(window.from),
        modified_before: gmt(window.to),
        dates_are_gmt: 'true',
        orderby: 'modified',
        order: 'asc',
        per_page: '100',
        page: String(page),
      });
      const answer = await readApi(http, `${base}/orders?${query}`, { Authorization: basicAuth(tenant.apiToken ?? '') }, 'WooCommerce REST API');
      totalPages = Number(answer.headers['x-wp-totalpages'] ?? '1') || 1;
      yield { last: page >= totalPages, orders: ordersIn(answer.body, 'WooCommerce REST API').map(changedOrderOf) };
    }
  },
});
