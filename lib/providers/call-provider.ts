import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import type { ProviderHttp } from './provider-http.ts';
import pRetry, { AbortError } from 'p-retry';
import { maskSecretsInText } from '../secrets/mask-secret.ts';
import { isOutboundRefusal } from './guarded-http.ts';

/**
 * One outbound call to a provider (email, SMS, helpdesk, chat, review platform), retried with
 * exponential backoff while the failure is transient, with every attempt reported so the caller
 * can record it. Transient: no answer (network, timeout), 408, 425, 429 and 5xx. Anything else
 * that is not 2xx is the provider refusing the request: retrying cannot help.
 */

export interface ProviderAttempt {
  readonly attempt: number;
  readonly startedAt: Date;
  readonly durationMs: number;
  /** The provider's HTTP status; null when it did not answer. */
  readonly status: number | null;
  readonly ok: boolean;
  /** Why it failed, in words an operator can act on; null when it succeeded. */
  readonly error: string | null;
}

export interface RetryPolicy {
  /** Attempts after the first. */
  readonly retries: number;
  readonly minTimeoutMs: number;
  readonly maxTimeoutMs: number;
}

/** Quick retries inside one invocation; longer outages are retried later by the caller's own schedule. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, minTimeoutMs: 200, maxTimeoutMs: 2_000 };

/** A provider call that did not succeed, after every retry it was worth. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    message: string,
    /** True when a later try may succeed (the provider was down), false when it refused the request. */
    readonly retryable: boolean,
    readonly status: number | null,
    readonly attempts: readonly ProviderAttempt[],
  ) {
    super(message);
  }
}

const TRANSIENT_STATUSES = new Set([408, 425, 429]);
export const isTransientStatus = (status: number): boolean => status >= 500 || TRANSIENT_STATUSES.has(status);

const describeBody = (data: unknown): string => {
  const text = typeof data === 'string' ? data : JSON.stringify(data ?? '');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

export interface CallProviderOptions {
  /** Names the provider in errors: "Postmark", "Zendesk". */
  readonly provider: string;
  readonly policy?: RetryPolicy;
  /** Called after every attempt, successful or not, in order. */
  readonly onAttempt?: (attempt: ProviderAttempt) => void | Promise<void>;
  readonly clock?: () => Date;
}

export const callProvider = async <T = unknown>(
  http: ProviderHttp,
  request: AxiosRequestConfig,
  options: CallProviderOptions,
): Promise<{ response: AxiosResponse<T>; attempts: readonly ProviderAttempt[] }> => {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const clock = options.clock ?? (() => new Date());
  const attempts: ProviderAttempt[] = [];
  const record = async (attempt: ProviderAttempt) => {
    attempts.push(attempt);
    await options.onAttempt?.(attempt);
  };

  const once = async (attemptNumber: number): Promise<AxiosResponse<T>> => {
    const startedAt = clock();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let response: AxiosResponse<T>;
    try {
      response = await http.request<T>({ ...request, validateStatus: () => true });
    } catch (error) {
      if (isOutboundRefusal(error)) {
        // The setting aims at an address the server does not call: no retry can change that.
        const reason = maskSecretsInText(`${options.provider} was not called: ${(error as Error).message}`);
        await record({ attempt: attemptNumber, startedAt, durationMs: elapsed(), status: null, ok: false, error: reason });
        throw new AbortError(new ProviderError(reason, false, null, attempts));
      }
      const reason = maskSecretsInText(`${options.provider} did not answer: ${(error as Error).message}`);
      await record({ attempt: attemptNumber, startedAt, durationMs: elapsed(), status: null, ok: false, error: reason });
      throw new ProviderError(reason, true, null, attempts);
    }
    const ok = response.status >= 200 && response.status < 300;
    // A provider's answer may quote the request (a URL with its token): masked before it is kept or shown.
    const reason = ok ? null : maskSecretsInText(`${options.provider} answered ${response.status}: ${describeBody(response.data)}`);
    await record({ attempt: attemptNumber, startedAt, durationMs: elapsed(), status: response.status, ok, error: reason });
    if (ok) return response;
    const failure = new ProviderError(reason ?? '', isTransientStatus(response.status), response.status, attempts);
    if (!failure.retryable) throw new AbortError(failure);
    throw failure;
  };

  try {
    const response = await pRetry(once, {
      retries: policy.retries,
      minTimeout: policy.minTimeoutMs,
      maxTimeout: policy.maxTimeoutMs,
      factor: 2,
      randomize: true,
    });
    return { response, attempts };
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    const cause = error instanceof AbortError ? error.originalError : error;
    if (cause instanceof ProviderError) throw cause;
    throw new ProviderError(maskSecretsInText(`${options.provider}: ${(cause as Error).message}`), true, null, attempts);
  }
};
