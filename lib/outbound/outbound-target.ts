import ipaddr from 'ipaddr.js';

/**
 * Which URLs from tenant settings the server may call (an email provider's base URL, a Zendesk
 * instance, a Slack webhook, Trustpilot's API, a BigCommerce store API). A setting is typed by
 * whoever holds a tenant's CLI access; without this check it could aim the server at its own
 * network: the cloud metadata service, the database, a neighbour's admin port.
 *
 * Only public unicast addresses are called, over https. `AFTERGLOW_ALLOW_PRIVATE_OUTBOUND=true`
 * (an operator's choice for the whole installation, off by default) allows private targets and
 * plain http, for on-premise providers and test doubles.
 */
export interface OutboundPolicy {
  /** True: private, loopback and link-local targets and plain http are allowed (on-premise providers). */
  readonly allowPrivate: boolean;
}

export const STRICT_OUTBOUND: OutboundPolicy = { allowPrivate: false };

export const outboundPolicyFrom = (env: Readonly<Record<string, string | undefined>>): OutboundPolicy => ({
  allowPrivate: env.AFTERGLOW_ALLOW_PRIVATE_OUTBOUND === 'true',
});

/**
 * Why an IP address may not be called, or null for a public unicast one. Every spelling ends up
 * here canonical (URL parsing turns `2852039166`, `0251.0376.0376.0376`, `0x7f.1`, `127.1` into
 * dotted quads), and an IPv4 address mapped into IPv6 (`::ffff:169.254.169.254`) is judged as the
 * IPv4 address it is. Anything ipaddr.js does not call `unicast` is refused: loopback, private,
 * link-local (the metadata service), carrier-grade NAT, unique-local, multicast, broadcast,
 * unspecified, reserved and documentation ranges, and the IPv6 ranges that embed an IPv4 address
 * (NAT64, 6to4, Teredo).
 */
export const addressProblem = (address: string): string | null => {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return `${address} is not an IP address`;
  const range = ipaddr.process(bare).range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
};

const isIpLiteral = (hostname: string) => /^\[.*\]$/.test(hostname) || ipaddr.IPv4.isValidFourPartDecimal(hostname);

/**
 * Why a URL from the settings may not be called, judged from the URL alone (names are judged
 * again on the addresses they resolve to, when called), or null when it may be.
 */
export const outboundUrlProblem = (text: string, policy: OutboundPolicy): string | null => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) {
    return url.protocol === 'http:'
      ? 'must use https (plain http is allowed only with AFTERGLOW_ALLOW_PRIVATE_OUTBOUND=true)'
      : `must be an https URL, not ${url.protocol}`;
  }
  if (policy.allowPrivate) return null;
  const hostname = url.hostname.replace(/\.+$/, '').toLowerCase();
  const refused = ' (an internal address: allowed only with AFTERGLOW_ALLOW_PRIVATE_OUTBOUND=true)';
  if (isIpLiteral(hostname)) {
    const problem = addressProblem(hostname);
    return problem ? `${problem}${refused}` : null;
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return `${hostname} is this machine${refused}`;
  // A single-label name resolves through the local search domains, to the local network.
  if (!hostname.includes('.')) return `${hostname} is not a public host name${refused}`;
  return null;
};

/** A call that the outbound guard refused: a setting's problem, so retrying cannot help. */
export class OutboundRefusedError extends Error {
  override readonly name = 'OutboundRefusedError';
  readonly code = 'AFTERGLOW_OUTBOUND_REFUSED';
}
