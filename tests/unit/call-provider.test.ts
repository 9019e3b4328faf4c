import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callProvider, ProviderError, type ProviderAttempt } from '../../lib/providers/call-provider.ts';
import { startFakeHttpServer, type FakeHttpServer } from '../support/fake-http-server.ts';

const quick = { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5 };

describe('callProvider', () => {
  let server: FakeHttpServer;
  const http = axios.create({ timeout: 300 });
  beforeAll(async () => {
    server = await startFakeHttpServer(() => ({ status: 200, body: { MessageID: 'm-1' } }));
  });
  afterAll(() => server.close());

  it('retries 500s and a timeout, then succeeds, reporting every attempt', async () => {
    // Prepare
    server.failNext(1, { status: 500, body: { ErrorCode: 500 } });
    server.failNext(1, { status: 200, delayMs: 600 });
    const seen: ProviderAttempt[] = [];
    // Act
    const { response, attempts } = await callProvider(http, { method: 'POST', url: `${server.url}/email`, data: {} }, {
      provider: 'Postmark',
      policy: quick,
      onAttempt: (attempt) => void seen.push(attempt),
    });
    // Assess
    expect(response.data).toEqual({ MessageID: 'm-1' });
    expect(attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.ok])).toEqual([
      [1, 500, false],
      [2, null, false],
      [3, 200, true],
    ]);
    expect(seen).toEqual(attempts);
    expect(attempts[1]?.error).toMatch(/Postmark did not answer: timeout/);
  });

  it('does not retry a refusal (422) and says it is not retryable', async () => {
    server.failNext(1, { status: 422, body: { ErrorCode: 300, Message: 'Invalid email request' } });
    const before = server.requests.length;
    const error = await callProvider(http, { method: 'POST', url: `${server.url}/email` }, { provider: 'Postmark', policy: quick }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: false, status: 422 });
    expect((error as ProviderError).message).toContain('Invalid email request');
    expect(server.requests.length - before).toBe(1);
  });

  it('gives up after the retries on a provider that stays down, retryable', async () => {
    server.failNext(3, { status: 503 });
    const error = (await callProvider(http, { method: 'GET', url: server.url }, { provider: 'Twilio', policy: quick }).catch((e: unknown) => e)) as ProviderError;
    expect(error.retryable).toBe(true);
    expect(error.attempts).toHaveLength(3);
  });
});
