import { readFileSync } from 'node:fs';
import { startFakeHttpServer, type FakeHttpServer } from './fake-http-server.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/bigcommerce/${name}`, import.meta.url), 'utf8'));

/** BigCommerce's documented V2 order (id 250) and its products, for the fake store to serve. */
export const bigCommerceOrder250 = (changes: Record<string, unknown> = {}) => ({
  ...(fixture('order-250.v2.json') as Record<string, unknown>),
  ...changes,
});
export const bigCommerceOrder250Products = (): Record<string, unknown>[] =>
  fixture('order-250-products.v2.json') as Record<string, unknown>[];

export interface FakeBigCommerce extends FakeHttpServer {
  /** The store API base a tenant is configured with (`--api-url`). */
  readonly apiUrl: string;
  readonly token: string;
  setOrder(order: Record<string, unknown>, products?: Record<string, unknown>[]): void;
}

/**
 * BigCommerce's V2 Orders API as documented: `GET /stores/{hash}/v2/orders` (filtered by modification
 * time), `GET /stores/{hash}/v2/orders/{id}` and `…/{id}/products`, `X-Auth-Token` required (401 without), 404 for an unknown order.
 */
export const startFakeBigCommerce = async (storeHash = 'abc123', token = 'bc-token'): Promise<FakeBigCommerce> => {
  const orders = new Map<string, { order: Record<string, unknown>; products: Record<string, unknown>[] }>();
  /** `GET /v2/orders?min_date_modified&max_date_modified&sort=date_modified:asc&limit&page`: 204 when none match. */
  const listOrders = (query: URLSearchParams) => {
    const min = query.get('min_date_modified');
    const max = query.get('max_date_modified');
    const modified = (order: Record<string, unknown>) => new Date(String(order.date_modified)).getTime();
    const limit = Number(query.get('limit') ?? '50');
    const page = Number(query.get('page') ?? '1');
    const matching = [...orders.values()]
      .map((stored) => stored.order)
      .filter((order) => (!min || modified(order) >= new Date(min).getTime()) && (!max || modified(order) <= new Date(max).getTime()))
      .sort((a, b) => modified(a) - modified(b))
      .slice((page - 1) * limit, page * limit);
    return matching.length === 0 ? { status: 204 } : { status: 200, body: matching };
  };
  const server = await startFakeHttpServer((request) => {
    if (request.headers['x-auth-token'] !== token) {
      return { status: 401, body: [{ status: 401, message: 'You have not provided any credentials.' }] };
    }
    if (request.method === 'GET' && request.path === `/stores/${storeHash}/v2/orders`) return listOrders(request.query);
    const match = new RegExp(`^/stores/${storeHash}/v2/orders/(\\d+)(/products)?$`).exec(request.path);
    const stored = match?.[1] ? orders.get(match[1]) : undefined;
    if (request.method !== 'GET' || !match || !stored) {
      return { status: 404, body: [{ status: 404, message: 'The requested resource was not found.' }] };
    }
    return { status: 200, body: match[2] ? stored.products : stored.order };
  });
  return {
    ...server,
    apiUrl: `${server.url}/stores/${storeHash}`,
    token,
    setOrder(order, products = bigCommerceOrder250Products()) {
      orders.set(String(order.id), { order, products });
    },
  };
};
