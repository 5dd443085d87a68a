import { isIP } from 'node:net';
import { normalizeIpAddress } from '../events/ip-address.js';

/**
 * The part of Better Auth's `advanced.ipAddress` options that decides which header to trust.
 *
 * @example
 * ```ts
 * const options: IpAddressOptions = { ipAddressHeaders: ['x-forwarded-for'], trustedProxies: ['10.0.0.0/8'] };
 * ```
 */
export interface IpAddressOptions {
  ipAddressHeaders?: string[];
  trustedProxies?: string[];
  disableIpTracking?: boolean;
}

/**
 * What a request says about its client.
 *
 * @example
 * ```ts
 * const { ipAddress, userAgent }: ClientInfo = clientInfo(request, auth.options.advanced?.ipAddress);
 * ```
 */
export interface ClientInfo {
  ipAddress: string | null;
  userAgent: string | null;
}

type HeaderSource = { headers?: Headers | null } | Headers | null | undefined;

function headersOf(source: HeaderSource): Headers | null {
  if (!source) return null;
  if (source instanceof Headers) return source;
  return source.headers instanceof Headers ? source.headers : null;
}

/**
 * The client's IP address and user agent by the same rules as Better Auth's rate limiter:
 * only the headers in `advanced.ipAddress.ipAddressHeaders` (default `x-forwarded-for`) are
 * read; with `trustedProxies`, the chain is walked from the right past the trusted hops,
 * otherwise only a single-value header counts. Unlike the limiter, the address is kept whole
 * (no /64 grouping of IPv6), and nothing is invented: no trusted header means `null`, not the
 * limiter's `127.0.0.1` fallback in development.
 *
 * @example
 * ```ts
 * clientInfo(request, { ipAddressHeaders: ['x-forwarded-for'] });
 * // { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 ...' }
 * ```
 */
export function clientInfo(source: HeaderSource, options: IpAddressOptions | undefined): ClientInfo {
  const headers = headersOf(source);
  if (!headers) return { ipAddress: null, userAgent: null };
  return { ipAddress: clientIp(headers, options ?? {}), userAgent: headers.get('user-agent') };
}

function clientIp(headers: Headers, options: IpAddressOptions): string | null {
  if (options.disableIpTracking) return null;
  for (const name of options.ipAddressHeaders ?? ['x-forwarded-for']) {
    const value = headers.get(name);
    if (value === null) continue;
    const ip = fromForwardedChain(value, options.trustedProxies ?? []);
    if (ip) return ip;
  }
  return null;
}

function fromForwardedChain(value: string, trustedProxies: readonly string[]): string | null {
  const hops = value
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  if (trustedProxies.length === 0) return hops.length === 1 ? normalizeIpAddress(hops[0] as string) : null;
  const networks = trustedProxies.map(parseCidr).filter((n): n is Cidr => n !== null);
  for (let i = hops.length - 1; i >= 0; i--) {
    const ip = normalizeIpAddress(hops[i] as string);
    if (ip === null) return null;
    if (!networks.some((network) => inCidr(ip, network))) return ip;
  }
  return null;
}

interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

function parseCidr(value: string): Cidr | null {
  const slash = value.lastIndexOf('/');
  const ip = normalizeIpAddress(slash === -1 ? value : value.slice(0, slash));
  if (ip === null) return null;
  const bytes = ipBytes(ip);
  const max = bytes.length * 8;
  const prefix = slash === -1 ? max : Number(value.slice(slash + 1));
  return Number.isInteger(prefix) && prefix >= 0 && prefix <= max ? { bytes, prefix } : null;
}

function inCidr(ip: string, network: Cidr): boolean {
  const bytes = ipBytes(ip);
  if (bytes.length !== network.bytes.length) return false;
  for (let bit = 0; bit < network.prefix; bit++) {
    const mask = 0x80 >> (bit % 8);
    if (((bytes[bit >> 3] as number) & mask) !== ((network.bytes[bit >> 3] as number) & mask)) return false;
  }
  return true;
}

/** Bytes of a normalised address (IPv4-mapped addresses are already IPv4). */
function ipBytes(ip: string): Uint8Array {
  if (isIP(ip) === 4) return Uint8Array.from(ip.split('.').map(Number));
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [
    ...left,
    ...Array<string>(tail === undefined ? 0 : 8 - left.length - right.length).fill('0'),
    ...right,
  ];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const n = Number.parseInt(group, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 255;
  });
  return bytes;
}
