import type { BigCommerceOrder, BigCommerceOrderProducts } from './payload.ts';

/** The port: how intake fetches a thin BigCommerce webhook's order (the axios adapter is lib/providers/bigcommerce-orders-api.ts). */

export interface BigCommerceStoreApi {
  /** `https://api.bigcommerce.com/stores/{store_hash}` (a local server in tests). */
  readonly apiUrl: string;
  readonly apiToken: string;
}

export type FetchedBigCommerceOrder =
  | { readonly found: true; readonly order: BigCommerceOrder; readonly products: BigCommerceOrderProducts }
  | { readonly found: false };

export interface BigCommerceOrdersApi {
  fetchOrder(store: BigCommerceStoreApi, orderId: string): Promise<FetchedBigCommerceOrder>;
}
