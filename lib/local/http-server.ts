import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isStreamedResult, jsonResult, type HttpApiEvent, type HttpApiResult, type StreamedHttpResult } from '../../events/http-api-event.ts';
import { invalidLinkPage, unavailablePage } from '../http/customer-pages.ts';
import type { Logger } from '../logger.ts';
import { decodePathSegment, isCustomerPath, MalformedTargetError, parseRequestTarget, type RequestTarget } from './request-target.ts';

/** One `httpApi` route of serverless.yml, served locally by the same handler code. */
export interface HttpRoute {
  readonly method: string;
  /** API Gateway route path: literal segments and `{name}` parameters. */
  readonly path: string;
  readonly handler: (event: HttpApiEvent) => Promise<HttpApiResult | StreamedHttpResult>;
  /**
   * The handler answers an oversized body itself (webhooks: an unknown tenant is a 404 before the
   * 413). It then gets the first `maxBodyBytes + 1` bytes; every other route gets a 413 from the
   * server and never sees a cut body as if it were whole.
   */
  readonly answersOversizedBody?: boolean;
}

interface MatchedRoute {
  readonly route: HttpRoute;
  readonly pathParameters: Record<string, string>;
}

const segmentsOf = (path: string) => path.split('/').filter(Boolean);

/**
 * API Gateway's choice: of the routes that match, the one with the most literal segments. A last
 * segment `{name+}` is greedy (one or more segments, as API Gateway's `{proxy+}`), and loses to
 * any route that matches without it. Parameters are percent-decoded; a broken escape throws
 * MalformedTargetError (a 400).
 */
export const matchRoute = (routes: readonly HttpRoute[], method: string, path: string): MatchedRoute | null => {
  const requested = segmentsOf(path);
  let best: (MatchedRoute & { literals: number; greedy: boolean }) | null = null;
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = segmentsOf(route.path);
    const greedyName = /^\{(\w+)\+\}$/.exec(pattern.at(-1) ?? '')?.[1];
    if (greedyName ? requested.length < pattern.length : pattern.length !== requested.length) continue;
    const pathParameters: Record<string, string> = {};
    let literals = 0;
    const fixed = greedyName ? pattern.slice(0, -1) : pattern;
    const matches = fixed.every((segment, index) => {
      const actual = requested[index] ?? '';
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter?.[1]) {
        pathParameters[parameter[1]] = decodePathSegment(actual);
        return actual.length > 0;
      }
      literals += 1;
      return segment === actual;
    });
    if (!matches) continue;
    if (greedyName) pathParameters[greedyName] = requested.slice(fixed.length).map(decodePathSegment).join('/');
    const better = !best || (best.greedy && !greedyName) || (best.greedy === Boolean(greedyName) && literals > best.literals);
    if (better) best = { route, pathParameters, literals, greedy: Boolean(greedyName) };
  }
  return best && { route: best.route, pathParameters: best.pathParameters };
};

/**
 * Reads at most `limit + 1` bytes, whatever the framing (Content-Length or chunked), and then
 * stops reading: enough to know the body is too large without taking in what follows.
 */
const readBody = (request: IncomingMessage, limit: number): Promise<{ body: Buffer; truncated: boolean }> =>
  new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      // Declared too large: nothing of it is read at all.
      request.pause();
      resolve({ body: Buffer.alloc(limit + 1), truncated: true });
      return;
    }
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
const toHttpApiEvent = (request: IncomingMessage, target: RequestTarget, matched: MatchedRoute, body: Buffer): HttpApiEvent => {
  const queryStringParameters = queryOf(new URLSearchParams(target.query));
  return {
    version: '2.0',
    routeKey: `${matched.route.method} ${matched.route.path}`,
    rawPath: target.path,
    rawQueryString: target.query,
    headers: headersOf(request),
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(Object.keys(matched.pathParameters).length > 0 ? { pathParameters: matched.pathParameters } : {}),
    requestContext: {
      requestId: randomUUID(),
      timeEpoch: Date.now(),
      http: { method: request.method ?? 'GET', path: target.path, sourceIp: request.socket.remoteAddress ?? '' },
    },
    ...(body.length > 0 ? { body: body.toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
};

/** A body that was announced (length or chunked) and is not yet read to its end. */
const bodyPending = (request: IncomingMessage): boolean =>
  !request.complete && (request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0);

/**
 * Answers without reading what is left of the body: `Connection: close`, and the socket ends
 * once the reply is out (left to itself, Node would read and discard the rest to keep the
 * connection alive, however large it is).
 */
const send = (request: IncomingMessage, response: ServerResponse, result: HttpApiResult, closeAfter = bodyPending(request)) => {
  const body = result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode, {
    ...result.headers,
    ...(result.cookies && result.cookies.length > 0 ? { 'set-cookie': result.cookies } : {}),
    'content-length': String(body.length),
    ...(closeAfter ? { connection: 'close' } : {}),
  });
  if (closeAfter) response.once('finish', () => request.socket.destroySoon());
  response.end(body);
};

/**
 * A streamed body goes out chunk by chunk as the handler produces it, each write waiting for the
 * socket to drain (memory stays flat however long the body). A client that goes away ends the
 * producer; a producer that fails after the headers went cuts the connection, so the client sees
 * an incomplete response rather than a complete-looking one.
 */
const sendStream = async (response: ServerResponse, result: StreamedHttpResult, logger: Logger, routeKey: string) => {
  response.writeHead(result.statusCode, result.headers);
  try {
    await pipeline(Readable.from(result.stream, { objectMode: false }), response);
  } catch (error) {
    if (!response.destroyed) logger.error('streamed response failed part-way', { route: routeKey, error });
    response.destroy();
  }
};

/** The path part of a target that could not be parsed, only to choose how to answer. */
const roughPathOf = (target: string | undefined): string => /^(?:[a-z]+:\/\/[^/?#]*)?(\/[^?#]*)/i.exec(target ?? '')?.[1] ?? '/';

const headersForPage = (request: IncomingMessage) => ({ 'accept-language': request.headers['accept-language'] });

/** 400 for a target or escape nobody can read: the polite page on customer routes, JSON elsewhere. */
const badRequest = (request: IncomingMessage, path: string, message: string): HttpApiResult =>
  isCustomerPath(path) ? invalidLinkPage(headersForPage(request), 400) : jsonResult(400, { error: message });

const internalError = (request: IncomingMessage, path: string, logger: Logger, error: unknown): HttpApiResult =>
  isCustomerPath(path)
    ? { ...unavailablePage({ headers: headersForPage(request) }, logger, error), statusCode: 500 }
    : jsonResult(500, { error: 'internal error' });

const NOT_FOUND = jsonResult(404, { error: 'not found' });
const TOO_LARGE = (limit: number) => jsonResult(413, { error: `the body is over ${limit} bytes` });

/**
 * What the HTTP parser refuses (bad request line, header too large, a timeout) never reaches a
 * route: it gets a short reply of its own, and the connection closes. A client that is already
 * gone gets nothing.
 */
const answerClientError = (error: NodeJS.ErrnoException, socket: Socket) => {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({ error: STATUS_CODES[status]?.toLowerCase() ?? 'bad request' });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
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
  /** Bodies are read up to this size plus one byte; over it: 413 (see HttpRoute.answersOversizedBody). */
  maxBodyBytes?: number;
}): Promise<RunningHttpServer> => {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const { logger } = options;

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    let target: RequestTarget;
    let matched: MatchedRoute | null;
    try {
      target = parseRequestTarget(request.url);
      segmentsOf(target.path).forEach(decodePathSegment);
      matched = matchRoute(options.routes, request.method ?? 'GET', target.path);
    } catch (error) {
      if (!(error instanceof MalformedTargetError)) throw error;
      send(request, response, badRequest(request, roughPathOf(request.url), error.message));
      return;
    }
    if (!matched) {
      send(request, response, NOT_FOUND);
      return;
    }
    const routeKey = `${matched.route.method} ${matched.route.path}`;
    try {
      const { body, truncated } = await readBody(request, maxBodyBytes);
      if (truncated && !matched.route.answersOversizedBody) {
        send(request, response, TOO_LARGE(maxBodyBytes), true);
        return;
      }
      const result = await matched.route.handler(toHttpApiEvent(request, target, matched, body));
      if (isStreamedResult(result)) {
        await sendStream(response, result, logger, routeKey);
        return;
      }
      send(request, response, result, truncated || bodyPending(request));
    } catch (error) {
      if (request.destroyed && !request.complete) return; // the client went away mid-body: nobody to answer
      logger.error('handler threw', { route: routeKey, error });
      if (response.headersSent) response.destroy();
      else send(request, response, internalError(request, target.path, logger, error), true);
    }
  };

  const server = createServer((request, response) => {
    // The last line of defence: whatever one request does, the process goes on serving the others.
    serve(request, response).catch((error: unknown) => {
      logger.error('request failed outside its handler', { error });
      if (!response.headersSent) {
        try {
          send(request, response, jsonResult(500, { error: 'internal error' }), true);
          return;
        } catch {
          // the reply itself cannot be written: drop the connection
        }
      }
      response.destroy();
    });
  });
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 5_000;
  // A client that announces a body and never sends it holds a socket for this long at most.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  server.on('error', (error) => logger.error('http server error', { error }));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
