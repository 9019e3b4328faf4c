import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Answer only after this long (to play a slow upstream). */
  readonly delayMs?: number;
}

export interface FakeHttpServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The next `count` requests get `response` instead of the normal answer (failures on cue). */
  failNext(count: number, response: FakeResponse): void;
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for an outbound provider (BigCommerce's API, email, SMS, …): it
 * records every request and answers in that provider's documented shape, or fails on cue.
 */
export const startFakeHttpServer = async (
  respond: (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>,
): Promise<FakeHttpServer> => {
  const requests: RecordedRequest[] = [];
  const failures: FakeResponse[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const url = new URL(incoming.url ?? '/', 'http://fake');
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(request);
      const response = failures.shift() ?? (await respond(request));
      if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs));
      if (outgoing.destroyed) return;
      const body = response.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      outgoing.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext(count, response) {
      for (let index = 0; index < count; index += 1) failures.push(response);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
