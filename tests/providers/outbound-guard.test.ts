import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callProvider, ProviderError } from '../../lib/providers/call-provider.ts';
import { guardOutboundHttp, isOutboundRefusal, type Resolver } from '../../lib/providers/guarded-http.ts';
import { STRICT_OUTBOUND } from '../../lib/outbound/outbound-target.ts';
import { startFakeHttpServer, type FakeHttpServer } from '../support/fake-http-server.ts';

/** A TCP listener that only counts who connects: any connection at all is what the guard must prevent. */
const startConnectionCounter = async () => {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => sockets.length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** A DNS that answers from a script, one answer per question, and remembers the questions. */
const scriptedResolver = (...answers: string[][]): Resolver & { questions: string[] } => {
  const questions: string[] = [];
  const resolve: Resolver = async (hostname) => {
    questions.push(hostname);
    const answer = answers[Math.min(questions.length - 1, answers.length - 1)] ?? [];
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { questions });
};

const QUICK = { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 };

describe('the outbound guard on tenant-configured calls', () => {
  let counter: Awaited<ReturnType<typeof startConnectionCounter>>;
  let provider: FakeHttpServer;
  let internal: FakeHttpServer;

  beforeAll(async () => {
    counter = await startConnectionCounter();
    internal = await startFakeHttpServer(() => ({ status: 200, body: { secret: 'instance credentials' } }));
    provider = await startFakeHttpServer((request) =>
      request.path === '/redirect' ? { status: 302, headers: { location: `${internal.url}/latest/meta-data` } } : { status: 200, body: { ok: true } },
    );
  });
  afterAll(async () => {
    await Promise.all([counter?.close(), provider?.close(), internal?.close()]);
  });

  it('DNS rebinding: a name that was public when checked and loopback when connecting is refused, and nothing connects', async () => {
    // Prepare: the first answer is public, every later one is this machine
    const resolve = scriptedResolver(['93.184.216.34'], ['127.0.0.1']);
    const http = guardOutboundHttp(axios.create({ timeout: 2_000 }), STRICT_OUTBOUND, resolve);
    // Act
    const error = await http.get(`https://rebind.example:${counter.port}/`).then(() => null, (caught: unknown) => caught);
    // Assess
    expect(isOutboundRefusal(error)).toBe(true);
    expect(resolve.questions.length).toBeGreaterThanOrEqual(2); // checked again at connect, on the answer connected to
    expect(counter.connections()).toBe(0);
  });

  it('a name with one internal address among public ones is refused before any connection', async () => {
    // Prepare
    const resolve = scriptedResolver(['93.184.216.34', '::ffff:127.0.0.1']);
    const http = guardOutboundHttp(axios.create({ timeout: 2_000 }), STRICT_OUTBOUND, resolve);
    // Act
    const error = await http.get(`https://mixed.example:${counter.port}/`).then(() => null, (caught: unknown) => caught);
    // Assess
    expect(isOutboundRefusal(error)).toBe(true);
    expect((error as Error).message).toMatch(/loopback/);
    expect(counter.connections()).toBe(0);
  });

  it('literal internal addresses and plain http are refused without a DNS question or a connection', async () => {
    // Prepare
    const resolve = scriptedResolver(['93.184.216.34']);
    const http = guardOutboundHttp(axios.create({ timeout: 2_000 }), STRICT_OUTBOUND, resolve);
    // Act
    const targets = [`https://127.0.0.1:${counter.port}/`, `https://2130706433:${counter.port}/`, `https://[::ffff:7f00:1]:${counter.port}/`, `http://public.example:${counter.port}/`];
    const errors = await Promise.all(targets.map((url) => http.get(url).then(() => null, (caught: unknown) => caught)));
    // Assess
    for (const error of errors) expect(isOutboundRefusal(error)).toBe(true);
    expect(resolve.questions).toEqual([]);
    expect(counter.connections()).toBe(0);
  });

  it('the connection goes to the address the guard resolved (a made-up name reaches the double), with the operator switch on', async () => {
    // Prepare
    const resolve = scriptedResolver(['127.0.0.1']);
    const http = guardOutboundHttp(axios.create({ timeout: 2_000 }), { allowPrivate: true }, resolve);
    const port = new URL(provider.url).port;
    // Act
    const reply = await http.get(`http://provider.invalid:${port}/ping`);
    // Assess
    expect(reply.status).toBe(200);
    expect(resolve.questions).toContain('provider.invalid');
    expect(provider.requests.at(-1)?.path).toBe('/ping');
  });

  it('a redirect is never followed (to an internal address or anywhere): the provider call fails without retries', async () => {
    // Prepare
    const http = guardOutboundHttp(axios.create({ timeout: 2_000 }), { allowPrivate: true });
    // Act
    const error = await callProvider(http, { method: 'POST', url: `${provider.url}/redirect`, data: {} }, { provider: 'Postmark', policy: QUICK }).then(
      () => null,
      (caught: unknown) => caught,
    );
    // Assess
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(302);
    expect((error as ProviderError).retryable).toBe(false);
    expect(internal.requests).toHaveLength(0);
  });

  it('a refused target is a setting problem: recorded once, not retried', async () => {
    // Prepare
    const http = guardOutboundHttp(axios.create({ timeout: 2_000 }), STRICT_OUTBOUND, scriptedResolver(['10.0.0.7']));
    const attempts: unknown[] = [];
    // Act
    const error = await callProvider(http, { method: 'POST', url: 'https://mail.example/email', data: {} }, {
      provider: 'Postmark',
      policy: QUICK,
      onAttempt: (attempt) => void attempts.push(attempt),
    }).then(() => null, (caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(false);
    expect((error as ProviderError).message).toMatch(/Postmark was not called: .*10\.0\.0\.7 is a private address/);
    expect(attempts).toHaveLength(1);
  });
});
