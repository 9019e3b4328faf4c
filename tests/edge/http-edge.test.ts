import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonResult } from '../../events/http-api-event.ts';
import { startHttpServer, type RunningHttpServer } from '../../lib/local/http-server.ts';
import { createLogger } from '../../lib/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { chunk, rawRequest } from '../support/raw-http.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const MB = 1024 * 1024;

/** The local server at its edge, as a client that writes its own bytes meets it (no fetch to tidy the request). */
describe('the HTTP edge of npm start', () => {
  let database: TestDatabase;
  let app: TestApp;
  let apiKey: string;
  const healthy = async () => (await fetch(`${app.url}/health`)).status;

  beforeAll(async () => {
    database = await createTestDatabase('edge_http');
    app = await startTestApp({ DATABASE_URL: database.url, KAFKA_BROKERS: '' });
    ({ apiKey } = await app.createTenant({ id: 'edge', platform: 'shopify', webhookSecret: 'shpss_edge' }));
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  describe('a target nobody can read is a 400, and the server goes on', () => {
    it.each([
      ['an invalid absolute-form target', 'GET http://[::1/health HTTP/1.1'],
      ['an absolute-form target with a broken host', 'GET http://exa mple/health HTTP/1.1'],
      ['a truncated escape in the API', 'GET /api/orders/%E0%A4%A HTTP/1.1'],
      ['a non-UTF-8 escape in the API', 'GET /api/orders/%FF HTTP/1.1'],
      ['a lone % in a webhook path', 'POST /webhooks/shopify/% HTTP/1.1'],
      ['a broken escape in the query', 'GET /api/orders?cursor=%zz HTTP/1.1'],
      ['a broken escape on an unknown path', 'GET /nowhere/%E0%A4%A HTTP/1.1'],
      ['authority-form', 'GET 127.0.0.1:80 HTTP/1.1'],
    ])('%s: JSON 400', async (_what, line) => {
      // Act
      const reply = await rawRequest(app.port, `${line}\r\nHost: x\r\nAuthorization: Bearer ${apiKey}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      // Assess
      expect(reply.status).toBe(400);
      expect(reply.head).toMatch(/content-type: application\/json/i);
      expect(JSON.parse(reply.body)).toEqual({ error: expect.any(String) });
      expect(await healthy()).toBe(200);
    });

    it.each(['/f/%E0%A4%A', '/u/%FF%FE', '/c/abc%', '/go/%E0%A4%A', '/r/%C3'])('customer route %s: the polite page, 400', async (path) => {
      // Act
      const reply = await rawRequest(app.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nAccept-Language: fr\r\nConnection: close\r\n\r\n`);
      // Assess
      expect(reply.status).toBe(400);
      expect(reply.head).toMatch(/content-type: text\/html/i);
      expect(reply.body).toMatch(/<html/i);
      expect(reply.body).not.toMatch(/Error|stack|at \//);
      expect(await healthy()).toBe(200);
    });

    it('a request line the parser refuses gets 400 and the connection closes', async () => {
      const reply = await rawRequest(app.port, 'GARBAGE\r\n\r\n');
      expect(reply.status).toBe(400);
      expect(reply.closedByServer).toBe(true);
      expect(await healthy()).toBe(200);
    });

    it('origin-form `//host/path` is a path, not a host: no route, 404', async () => {
      const reply = await rawRequest(app.port, 'GET //evil.example/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(reply.status).toBe(404);
    });
  });

  describe('body limits hold for every framing', () => {
    it('a chunked body over 1 MB is cut with 413 and the connection closed', async () => {
      // Prepare: 1 MB + a bit in 64 KB chunks, and more chunks for as long as the server takes them
      const head = `POST /api/feedback HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${apiKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
      const piece = chunk(Buffer.alloc(64 * 1024, 'a'));
      // Act
      const reply = await rawRequest(app.port, head, { keepSending: { chunk: piece, upTo: 64 * MB }, waitMs: 15_000 });
      // Assess
      expect(reply.status).toBe(413);
      expect(reply.closedByServer).toBe(true);
      expect(reply.bytesWritten).toBeLessThan(64 * MB);
      expect(await healthy()).toBe(200);
    });

    it('a chunked webhook over 1 MB: 413 from the webhook (after its tenant check)', async () => {
      const head = 'POST /webhooks/shopify/edge HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
      const reply = await rawRequest(app.port, head, { keepSending: { chunk: chunk(Buffer.alloc(64 * 1024, 'a')), upTo: 64 * MB }, waitMs: 15_000 });
      expect(reply.status).toBe(413);
      expect(reply.closedByServer).toBe(true);
    });

    it('a Content-Length over 1 MB is refused before the body is read', async () => {
      // Act: only the head is sent; the server must not wait for the 5 MB it announces
      const reply = await rawRequest(app.port, `POST /f/sometoken HTTP/1.1\r\nHost: x\r\nContent-Length: ${5 * MB}\r\n\r\n`, { waitMs: 10_000 });
      // Assess
      expect(reply.status).toBe(413);
      expect(reply.closedByServer).toBe(true);
    });

    it('an unmatched route answers 404 at once and closes instead of reading a 200 MB body', async () => {
      // Act: 200 MB announced, sent for as long as the server reads
      const reply = await rawRequest(app.port, `POST /no/such/route HTTP/1.1\r\nHost: x\r\nContent-Length: ${200 * MB}\r\n\r\n`, {
        keepSending: { chunk: Buffer.alloc(256 * 1024, 'z'), upTo: 200 * MB },
        waitMs: 15_000,
      });
      // Assess
      expect(reply.status).toBe(404);
      expect(reply.closedByServer).toBe(true);
      expect(reply.bytesWritten).toBeLessThan(100 * MB);
      expect(await healthy()).toBe(200);
    });

    it('an unmatched route without a body keeps the connection for the next request', async () => {
      const reply = await rawRequest(app.port, 'GET /nothing HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(reply.status).toBe(404);
      expect(reply.body).toMatch(/HTTP\/1\.1 200/);
    });
  });
});

describe('one failing request never stops the server', () => {
  let server: RunningHttpServer;
  beforeAll(async () => {
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: createLogger({ level: 'silent' }),
      routes: [
        { method: 'GET', path: '/throws', handler: async () => Promise.reject(new Error('a bug')) },
        { method: 'GET', path: '/bad-header', handler: async () => jsonResult(200, {}, { 'x-echo': 'line\nbreak' }) },
        { method: 'GET', path: '/f/{token}', handler: async () => Promise.reject(new Error('a bug')) },
        { method: 'GET', path: '/ok', handler: async () => jsonResult(200, { ok: true }) },
      ],
    });
  });
  afterAll(() => server?.close());

  it.each(['/throws', '/bad-header'])('%s: logged and answered 500; the next request is served', async (path) => {
    const reply = await fetch(`http://127.0.0.1:${server.port}${path}`);
    expect(reply.status).toBe(500);
    expect(await reply.json()).toEqual({ error: 'internal error' });
    expect((await fetch(`http://127.0.0.1:${server.port}/ok`)).status).toBe(200);
  });

  it('on a customer route the failure is a page, not JSON', async () => {
    const reply = await fetch(`http://127.0.0.1:${server.port}/f/x`);
    expect(reply.status).toBe(500);
    expect(reply.headers.get('content-type')).toMatch(/text\/html/);
  });
});
