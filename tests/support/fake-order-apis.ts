import { startFakeHttpServer, type FakeHttpServer } from './fake-http-server.ts';

export interface FakeOrderApi extends FakeHttpServer {
  /** The base a tenant is configured with (`--api-url`). */
  readonly apiUrl: string;
  readonly token: string;
  /** Adds or replaces an order as the platform now holds it. */
  setOrder(order: Record<string, unknown>): void;
}

const inWindow = (instant: string | undefined, from: string | null, to: string | null) => {
  const at = new Date(instant ?? 0).getTime();
  return (!from || at >= new Date(from).getTime()) && (!to || at <= new Date(to).getTime());
};

/**
 * Shopify Admin REST `GET /admin/api/{version}/orders.json` as documented: `X-Shopify-Access-Token`
 * (401 without), `updated_at_min`/`updated_at_max`, `limit` (≤ 250), `{"orders": […]}`, and cursor
 * pages through a `Link: <…page_info=…>; rel="next"` header (a page_info URL carries only limit).
 */
export const startFakeShopifyAdmin = async (token = 'shpat_test', pageSize = 2): Promise<FakeOrderApi> => {
  const orders = new Map<string, Record<string, unknown>>();
  const windows = new Map<string, { from: string | null; to: string | null; offset: number }>();
  let url = '';
  const server = await startFakeHttpServer((request) => {
    if (request.headers['x-shopify-access-token'] !== token) return { status: 401, body: { errors: '[API] Invalid API key or access token' } };
    if (request.method !== 'GET' || request.path !== '/admin/api/2025-07/orders.json') return { status: 404, body: { errors: 'Not Found' } };
    const pageInfo = request.query.get('page_info');
    const window = pageInfo ? windows.get(pageInfo) : { from: request.query.get('updated_at_min'), to: request.query.get('updated_at_max'), offset: 0 };
    if (!window) return { status: 400, body: { errors: { page_info: 'Invalid value.' } } };
    const matching = [...orders.values()]
      .filter((order) => inWindow(order.updated_at as string, window.from, window.to))
      .sort((a, b) => new Date(a.updated_at as string).getTime() - new Date(b.updated_at as string).getTime());
    const page = matching.slice(window.offset, window.offset + pageSize);
    const headers: Record<string, string> = {};
    if (window.offset + pageSize < matching.length) {
      const next = `p${windows.size + 1}`;
      windows.set(next, { ...window, offset: window.offset + pageSize });
      headers.link = `<${url}/admin/api/2025-07/orders.json?limit=${pageSize}&page_info=${next}>; rel="next"`;
    }
    return { status: 200, body: { orders: page }, headers };
  });
  url = server.url;
  return { ...server, apiUrl: `${server.url}/admin/api/2025-07`, token, setOrder: (order) => void orders.set(String(order.id), order) };
};

/**
 * WooCommerce REST v3 `GET /wp-json/wc/v3/orders` as documented: HTTP Basic with the consumer key
 * and secret, `modified_after`/`modified_before` (GMT with `dates_are_gmt=true`), `page`, and the
 * page count in `X-WP-TotalPages`; the list is a JSON array.
 */
export const startFakeWooCommerceApi = async (key = 'ck_test', secret = 'cs_test', pageSize = 2): Promise<FakeOrderApi> => {
  const orders = new Map<string, Record<string, unknown>>();
  const expected = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  const server = await startFakeHttpServer((request) => {
    if (request.headers.authorization !== expected) {
      return { status: 401, body: { code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } } };
    }
    if (request.method !== 'GET' || request.path !== '/wp-json/wc/v3/orders') return { status: 404, body: { code: 'rest_no_route' } };
    const gmt = request.query.get('dates_are_gmt') === 'true';
    const asUtc = (value: string | null) => (value && gmt ? `${value}Z` : value);
    const matching = [...orders.values()]
      .filter((order) => inWindow(`${order.date_modified_gmt as string}Z`, asUtc(request.query.get('modified_after')), asUtc(request.query.get('modified_before'))))
      .sort((a, b) => String(a.date_modified_gmt).localeCompare(String(b.date_modified_gmt)));
    const page = Number(request.query.get('page') ?? '1');
    return {
      status: 200,
      body: matching.slice((page - 1) * pageSize, page * pageSize),
      headers: { 'x-wp-total': String(matching.length), 'x-wp-totalpages': String(Math.max(1, Math.ceil(matching.length / pageSize))) },
    };
  });
  return { ...server, apiUrl: `${server.url}/wp-json/wc/v3`, token: `${key}:${secret}`, setOrder: (order) => void orders.set(String(order.id), order) };
};
