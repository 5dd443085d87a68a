import { inNetwork, parseIpAddress, parseIpNetwork } from './ip-address.js';

/** What {@link createClientIpResolver} needs: the validated `clientIp` option. */
export interface ClientIpRules {
  /** Proxies (addresses or CIDRs) whose forwarded headers are believed. Default: none. */
  trustedProxies?: readonly string[] | undefined;
  /** Headers a trusted proxy writes, read in order. Default `['x-forwarded-for']`. */
  headers?: readonly string[] | undefined;
}

/** Resolves a request's client IP from its socket peer and, from trusted proxies, its headers. */
export type ClientIpResolver = (remoteAddress: string | undefined, headers: Headers) => string | null;

/** The header read from trusted proxies when `clientIp.headers` is not set. */
export const DEFAULT_FORWARDED_HEADERS: readonly string[] = ['x-forwarded-for'];

/**
 * The client IP of a request (docs/configuration.md, `clientIp`):
 * - the socket peer's address, normalised (IPv4-mapped IPv6 as IPv4), when the peer is not a
 *   trusted proxy: no header a client sends is ever believed;
 * - from a trusted proxy, the first of `headers` that is present is walked right to left and the
 *   right-most address that is not itself a trusted proxy wins; when every hop is trusted, the
 *   left-most one; a malformed hop (a name, `unknown`, garbage) stops the walk and the proxy's
 *   own address is used, so a client cannot pick its bucket with a broken chain;
 * - null when the peer is unknown (the handler was called without an adapter).
 *
 * @example
 * ```ts
 * const resolve = createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] });
 * resolve('10.0.0.2', new Headers({ 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.0.0.9' })); // '203.0.113.7'
 * resolve('203.0.113.50', new Headers({ 'x-forwarded-for': '198.51.100.1' })); // '203.0.113.50'
 * ```
 */
export function createClientIpResolver(rules: ClientIpRules = {}): ClientIpResolver {
  const networks = (rules.trustedProxies ?? []).map((entry) => {
    const network = parseIpNetwork(entry);
    if (!network) throw new TypeError(`not an IP address or CIDR: ${entry}`);
    return network;
  });
  const headerNames = rules.headers?.length ? [...rules.headers] : [...DEFAULT_FORWARDED_HEADERS];
  const trusted = (ip: string) => networks.some((network) => inNetwork(ip, network));
  return (remoteAddress, headers) => {
    if (!remoteAddress) return null;
    const peer = parseIpAddress(remoteAddress);
    if (peer === null) return null;
    if (networks.length === 0 || !trusted(peer)) return peer;
    for (const name of headerNames) {
      const value = headers.get(name);
      if (value === null || value.trim() === '') continue;
      return clientOfChain(value, trusted) ?? peer;
    }
    return peer;
  };
}

/** The right-most untrusted hop of a forwarded chain; null when a hop is malformed. */
function clientOfChain(value: string, trusted: (ip: string) => boolean): string | null {
  const hops = value.split(',');
  let leftmost: string | null = null;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (hop.trim() === '') continue;
    const ip = parseIpAddress(hop);
    if (ip === null) return null;
    if (!trusted(ip)) return ip;
    leftmost = ip;
  }
  return leftmost;
}

/**
 * Why a `trustedProxies` entry is refused, or null when it is a valid address or CIDR.
 *
 * @example
 * ```ts
 * trustedProxyProblem('10.0.0.0/33'); // 'the prefix must be 0-32 for IPv4 ...'
 * ```
 */
export function trustedProxyProblem(entry: string): string | null {
  if (parseIpNetwork(entry) !== null) return null;
  const slash = entry.indexOf('/');
  if (slash !== -1 && parseIpNetwork(entry.slice(0, slash)) !== null) {
    return `${JSON.stringify(entry)} has a bad prefix length (0-32 for IPv4, 0-128 for IPv6)`;
  }
  return `${JSON.stringify(entry)} is not an IP address or CIDR (no host names, spaces, ports or brackets)`;
}
