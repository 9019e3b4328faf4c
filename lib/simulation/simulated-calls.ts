import type { HttpApiEvent } from '../../events/http-api-event.ts';
import { isStreamedResult } from '../../events/http-api-event.ts';
import { matchRoute } from '../local/http-server.ts';
import { HTTP_ROUTES } from '../local/routes.ts';

/**
 * Calls the HTTP functions exactly as API Gateway (or `npm start`) would, without a socket: the
 * route table of serverless.yml, an HTTP API 2.0 event stamped with the virtual time, the real
 * handler module.
 */
export interface SimulatedReply {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type SimulatedCall = (method: string, target: string, body?: string, headers?: Record<string, string>) => Promise<SimulatedReply>;

export const createSimulatedCalls = (clock: () => Date): SimulatedCall => {
  let requests = 0;
  return async (method, target, body = '', headers = {}) => {
    const url = new URL(target, 'https://simulation.afterglow.test');
    const matched = matchRoute(HTTP_ROUTES, method, url.pathname);
    if (!matched) return { status: 404, body: `no route ${method} ${url.pathname}`, headers: {} };
    const query = Object.fromEntries(url.searchParams);
    requests += 1;
    const event: HttpApiEvent = {
      version: '2.0',
      routeKey: `${method} ${matched.route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(Object.keys(matched.pathParameters).length > 0 ? { pathParameters: matched.pathParameters } : {}),
      requestContext: { requestId: `sim-${requests}`, timeEpoch: clock().getTime(), http: { method, path: url.pathname, sourceIp: '127.0.0.1' } },
      ...(body.length > 0 ? { body: Buffer.from(body).toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
    };
    const result = await matched.route.handler(event);
    if (isStreamedResult(result)) return { status: result.statusCode, body: '', headers: result.headers };
    const text = result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8').toString('utf8');
    return { status: result.statusCode, body: text, headers: result.headers ?? {} };
  };
};
