import { createAxios, deferredHttp, type ProviderHttp } from './provider-http.ts';
import { UpstreamUnavailableError } from '../errors.ts';
import { storableValue } from '../text/storable-text.ts';
import type { BigCommerceOrdersApi } from '../platforms/bigcommerce/orders-api.ts';
import { BigCommerceOrderProductsSchema, BigCommerceOrderSchema } from '../platforms/bigcommerce/payload.ts';

/**
 * BigCommerce V2 Orders with axios: the order and its products, authenticated by `X-Auth-Token`.
 * A 404 means the order is gone; anything else that is not a good answer is the upstream failing.
 */
export const createBigCommerceOrdersApi = (
  http: ProviderHttp = deferredHttp(() => createAxios({ timeout: 3_000 })),
): BigCommerceOrdersApi => ({
  async fetchOrder(store, orderId) {
    const base = store.apiUrl.replace(/\/+$/, '');
    const headers = { 'X-Auth-Token': store.apiToken, Accept: 'application/json' };
    const get = async (path: string) => {
      try {
        return await http.get<unknown>(`${base}${path}`, { headers, validateStatus: () => true });
      } catch (error) {
        throw new UpstreamUnavailableError(`BigCommerce API unreachable: ${(error as Error).message}`);
      }
    };
    const orderResponse = await get(`/v2/orders/${encodeURIComponent(orderId)}`);
    if (orderResponse.status === 404) return { found: false };
    if (orderResponse.status !== 200) {
      throw new UpstreamUnavailableError(`BigCommerce API answered ${orderResponse.status} for order ${orderId}`);
    }
    const order = BigCommerceOrderSchema.safeParse(storableValue(orderResponse.data));
    if (!order.success) throw new UpstreamUnavailableError(`BigCommerce API returned an unreadable order ${orderId}`);
    const productsResponse = await get(`/v2/orders/${encodeURIComponent(orderId)}/products`);
    // BigCommerce answers 204 for an order without products.
    const productsBody = productsResponse.status === 204 ? [] : productsResponse.data;
    if (productsResponse.status !== 200 && productsResponse.status !== 204) {
      throw new UpstreamUnavailableError(`BigCommerce API answered ${productsResponse.status} for order ${orderId} products`);
    }
    const products = BigCommerceOrderProductsSchema.safeParse(storableValue(productsBody));
    if (!products.success) {
      throw new UpstreamUnavailableError(`BigCommerce API returned unreadable products for order ${orderId}`);
    }
    return { found: true, order: order.data, products: products.data };
  },
});
