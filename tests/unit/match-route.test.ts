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
  it('a greedy last segment ({proxy+}) takes one or more segments and loses to any route matching without it', () => {
    const console = [route('GET', '/console'), route('GET', '/console/{proxy+}'), route('GET', '/console/health')];
    expect(matchRoute(console, 'GET', '/console')?.route.path).toBe('/console');
    expect(matchRoute(console, 'GET', '/console/cases/c%201')?.pathParameters).toEqual({ proxy: 'cases/c 1' });
    expect(matchRoute(console, 'GET', '/console/health')?.route.path).toBe('/console/health');
    expect(matchRoute([route('GET', '/console/{proxy+}')], 'GET', '/console')).toBeNull();
  });
});
