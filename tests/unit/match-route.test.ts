import { describe, expect, it } from 'vitest';
import { matchRoute, type HttpRoute } from '../../lib/local/http-server.ts';

const route = (method: string, path: string): HttpRoute => ({ method, path, handler: async () => ({ statusCode: 200 }) });

describe('local routing picks what API Gateway would', () => {
  const routes = [
    route('POST', '/webhooks/{platform}/{tenantId}'),
    route('POST', '/webhooks/shopify'),
    route('POST', '/webhooks/sms/{tenantId}'),
    route('GET', '/api/orders/{orderId}'),
  ];
  it('the most literal route wins among matches', () => {
    expect(matchRoute(routes, 'POST', '/webhooks/sms/acme')?.route.path).toBe('/webhooks/sms/{tenantId}');
    expect(matchRoute(routes, 'POST', '/webhooks/shopify/acme')?.route.path).toBe('/webhooks/{platform}/{tenantId}');
    expect(matchRoute(routes, 'POST', '/webhooks/shopify')?.route.path).toBe('/webhooks/shopify');
  });
  it('decodes path parameters and refuses empty ones, other methods and other lengths', () => {
    expect(matchRoute(routes, 'GET', '/api/orders/a%2Fb')?.pathParameters).toEqual({ orderId: 'a/b' });
    expect(matchRoute(routes, 'GET', '/api/orders/')).toBeNull();
    expect(matchRoute(routes, 'GET', '/webhooks/shopify')).toBeNull();
    expect(matchRoute(routes, 'POST', '/webhooks/a/b/c')).toBeNull();
  });
});
