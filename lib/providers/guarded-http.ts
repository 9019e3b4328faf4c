import { promises as dns, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AxiosInstance } from 'axios';
import { addressProblem, OutboundRefusedError, outboundUrlProblem, type OutboundPolicy } from '../outbound/outbound-target.ts';

/** Resolves a host name to every address it has (the system resolver; tests pass their own). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** The resolved addresses, every one checked: one internal address among public ones refuses the name. */
const resolveChecked = async (hostname: string, policy: OutboundPolicy, resolve: Resolver): Promise<readonly LookupAddress[]> => {
  const addresses = await resolve(hostname);
  if (addresses.length === 0) throw new OutboundRefusedError(`${hostname} resolves to no address`);
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const problem = addressProblem(address);
      if (problem) throw new OutboundRefusedError(`${hostname} resolves to ${problem}; not called (AFTERGLOW_ALLOW_PRIVATE_OUTBOUND=true allows it)`);
    }
  }
  return addresses;
};

/**
 * The agents' `lookup`: the socket connects to exactly the addresses checked here, so a DNS
 * answer that changes between a check and the connection (DNS rebinding) cannot slip through.
 */
const pinnedLookup = (policy: OutboundPolicy, resolve: Resolver): LookupFunction =>
  ((hostname: string, options: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => {
    resolveChecked(hostname, policy, resolve).then(
      (addresses) => {
        const family = options.family === 6 || options.family === 'IPv6' ? 6 : options.family === 4 || options.family === 'IPv4' ? 4 : 0;
        const usable = family ? addresses.filter((entry) => entry.family === family) : addresses;
        if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }));
        if (options.all) return callback(null, usable);
        const [first] = usable as [LookupAddress];
        return callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error),
    );
  }) as LookupFunction;

/**
 * Puts the outbound guard on an axios instance used for tenant-configured calls: every request's
 * URL is checked (https only, no literal internal address), its host name resolved and every
 * address checked, the connection pinned to the checked addresses through the agents' lookup,
 * redirects never followed (a 3xx is the provider's answer) and proxies from the environment
 * ignored. With `allowPrivate` only the pinning and the redirect rule remain.
 */
export const guardOutboundHttp = (instance: AxiosInstance, policy: OutboundPolicy, resolve: Resolver = systemResolver): AxiosInstance => {
  const lookup = pinnedLookup(policy, resolve);
  const httpAgent = new http.Agent({ lookup });
  const httpsAgent = new https.Agent({ lookup });
  instance.interceptors.request.use(async (config) => {
    const target = instance.getUri(config);
    const problem = outboundUrlProblem(target, policy);
    if (problem) throw new OutboundRefusedError(`${new URL(target).origin} ${problem}`);
    const hostname = new URL(target).hostname.replace(/^\[|\]$/g, '');
    // Checked now for a clear refusal before any socket opens; checked again at connect by the lookup.
    if (!policy.allowPrivate && isIP(hostname) === 0) await resolveChecked(hostname, policy, resolve);
    config.httpAgent = httpAgent;
    config.httpsAgent = httpsAgent;
    config.maxRedirects = 0;
    config.proxy = false;
    return config;
  });
  return instance;
};

/** True when an error (or the error an HTTP client wrapped around it) is the guard's refusal. */
export const isOutboundRefusal = (error: unknown): boolean => {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    if (current instanceof OutboundRefusedError || (current as { code?: unknown }).code === 'AFTERGLOW_OUTBOUND_REFUSED') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
};
