import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isStreamedResult, type HttpApiEvent, type HttpApiResult, type StreamedHttpResult } from '../../events/http-api-event.ts';
import type { Logger } from '../logger.ts';

/** One `httpApi` route of serverless.yml, served locally by the same handler code. */
export interface HttpRoute {
  readonly method: string;
  /** API Gateway route path: literal segments and `{name}` parameters. */
  readonly path: string;
  readonly handler: (event: HttpApiEvent) => Promise<HttpApiResult | StreamedHttpResult>;
}

interface MatchedRoute {
  readonly route: HttpRoute;
  readonly pathParameters: Record<string, string>;
}

const segmentsOf = (path: string) => path.split('/').filter(Boolean);

/** API Gateway's choice: of the routes that match, the one with the most literal segments. */
export const matchRoute = (routes: readonly HttpRoute[], method: string, path: string): MatchedRoute | null => {
  const requested = segmentsOf(path);
  let best: (MatchedRoute & { literals: number }) | null = null;
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = segmentsOf(route.path);
    if (pattern.length !== requested.length) continue;
    const pathParameters: Record<string, string> = {};
    let literals = 0;
    const matches = pattern.every((segment, index) => {
      const actual = requested[index] ?? '';
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter?.[1]) {
        pathParameters[parameter[1]] = decodeURIComponent(actual);
        return actual.length > 0;
      }
      literals += 1;
      return segment === actual;
    });
    if (matches && (!best || literals > best.literals)) best = { route, pathParameters, literals };
  }
  return best && { route: best.route, pathParameters: best.pathParameters };
};

/**
 * Reads at most `limit + 1` bytes and then stops reading: enough to know the body is too large
 * without taking in what follows (the handler answers 413).
 */
const readBody = (request: IncomingMessage, limit: number): Promise<{ body: Buffer; truncated: boolean }> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        request.pause();
        resolve({ body: Buffer.concat(chunks).subarray(0, limit + 1), truncated: true });
      }
    };
    request.on('data', onData);
    request.once('end', () => resolve({ body: Buffer.concat(chunks), truncated: false }));
    request.once('error', reject);
  });

const headersOf = (request: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
};

const queryOf = (search: URLSearchParams): Record<string, string> | undefined => {
  const query: Record<string, string> = {};
  for (const [name, value] of search) query[name] = name in query ? `${query[name]},${value}` : value;
  return Object.keys(query).length > 0 ? query : undefined;
};

/** The HTTP API v2.0 event API Gateway would hand the function for this request. */
const toHttpApiEvent = (request: IncomingMessage, url: URL, matched: MatchedRoute, body: Buffer): HttpApiEvent => {
  const queryStringParameters = queryOf(url.searchParams);
  return {
    version: '2.0',
    routeKey: `${matched.route.method} ${matched.route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers: headersOf(request),
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(Object.keys(matched.pathParameters).length > 0 ? { pathParameters: matched.pathParameters } : {}),
    requestContext: {
      requestId: randomUUID(),
      timeEpoch: Date.now(),
      http: { method: request.method ?? 'GET', path: url.pathname, sourceIp: request.socket.remoteAddress ?? '' },
    },
    ...(body.length > 0 ? { body: body.toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
};

const send = (response: ServerResponse, result: HttpApiResult, closeAfter: boolean) => {
  const body = result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode, {
    ...result.headers,
    'content-length': String(body.length),
    ...(closeAfter ? { connection: 'close' } : {}),
  });
  response.end(body);
};

/**
 * A streamed body goes out chunk by chunk as the handler produces it, each write waiting for the
 * socket to drain (memory stays flat however long the body). A client that goes away ends the
 * producer; a producer that fails after the headers went cuts the connection, so the client sees
 * an incomplete response rather than a complete-looking one.
 */
const sendStream = async (response: ServerResponse, result: StreamedHttpResult, logger: Logger, path: string) => {
  response.writeHead(result.statusCode, result.headers);
  try {
    await pipeline(Readable.from(result.stream, { objectMode: false }), response);
  } catch (error) {
    if (!response.destroyed) logger.error('streamed response failed part-way', { path, error });
    response.destroy();
  }
};

export interface RunningHttpServer {
  readonly port: number;
  close(): Promise<void>;
}

export const startHttpServer = async (options: {
  routes: readonly HttpRoute[];
  port: number;
  host?: string;
  logger: Logger;
  /** Bodies are read up to this size plus one byte, then the handler decides (webhooks: 413). */
  maxBodyBytes?: number;
}): Promise<RunningHttpServer> => {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const matched = matchRoute(options.routes, request.method ?? 'GET', url.pathname);
    if (!matched) {
      send(response, { statusCode: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"not found"}' }, false);
      request.resume();
      return;
    }
    try {
      const { body, truncated } = await readBody(request, maxBodyBytes);
      const result = await matched.route.handler(toHttpApiEvent(request, url, matched, body));
      if (isStreamedResult(result)) {
        await sendStream(response, result, options.logger, url.pathname);
        return;
      }
      send(response, result, truncated);
      // The rest of an oversized body is never read: the connection ends with the reply.
      if (truncated) response.once('finish', () => request.socket.destroySoon());
    } catch (error) {
      options.logger.error('handler threw', { path: url.pathname, error });
      send(response, { statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"error":"internal error"}' }, true);
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
