import type { ProviderHttp } from '../provider-http.ts';
import { UpstreamUnavailableError } from '../../errors.ts';
import { parseJsonLosslessly } from '../../json/parse-json-losslessly.ts';

export interface ApiPage {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body parsed losslessly (ids beyond 2^53 keep every digit), or null for an empty body. */
  readonly body: unknown;
}

/**
 * One GET of a platform's order API: any answer but a good one is the upstream failing (the
 * reconciliation window is read again next run). Bodies are parsed like webhook bodies, losslessly.
 */
export const readApi = async (http: ProviderHttp, url: string, headers: Record<string, string>, what: string): Promise<ApiPage> => {
  let response;
  try {
    response = await http.get<string>(url, { headers: { Accept: 'application/json', ...headers }, responseType: 'text', transformResponse: (body: string) => body, validateStatus: () => true });
  } catch (error) {
    throw new UpstreamUnavailableError(`${what} unreachable: ${(error as Error).message}`);
  }
  if (response.status !== 200 && response.status !== 204) throw new UpstreamUnavailableError(`${what} answered ${response.status}`);
  const text = typeof response.data === 'string' ? response.data : '';
  let body: unknown;
  try {
    body = text.trim() === '' ? null : parseJsonLosslessly(text);
  } catch {
    throw new UpstreamUnavailableError(`${what} returned a body that is not JSON`);
  }
  const pageHeaders: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) pageHeaders[name.toLowerCase()] = value === undefined || value === null ? undefined : String(value);
  return { status: response.status, headers: pageHeaders, body };
};

/** Every element must be an object with an id; anything else means the API is not what we expect. */
export const ordersIn = (body: unknown, what: string): readonly Record<string, unknown>[] => {
  if (body === null) return [];
  if (!Array.isArray(body) || body.some((order) => typeof order !== 'object' || order === null || !('id' in order))) {
    throw new UpstreamUnavailableError(`${what} returned something other than a list of orders`);
  }
  return body as Record<string, unknown>[];
};

/** A limit on pages per run: a store with more changes than this in one window continues next run. */
export const MAX_PAGES_PER_RUN = 200;
