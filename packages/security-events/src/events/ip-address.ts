import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * How IP addresses are stored:
 * - `'full'` (default): the address as seen, normalised;
 * - `'truncate'`: IPv4 cut to its /24 (`203.0.113.0`), IPv6 to its /48 (`2001:db8:1::`), which
 *   keeps network-level analysis possible while no longer identifying one subscriber;
 * - `{ hashKey }`: a keyed HMAC-SHA-256 (`hmac:` + 22 base64url characters): equal addresses
 *   stay comparable, the address itself cannot be read back without the key.
 *
 * @example
 * ```ts
 * const policy: IpAddressPolicy = { hashKey: process.env.AUDIT_IP_HASH_KEY! };
 * ```
 */
export type IpAddressPolicy = 'full' | 'truncate' | { hashKey: string };

/**
 * Normalises an IP address: strips an IPv6 zone (`%eth0`) and brackets, turns an IPv4-mapped
 * IPv6 address into IPv4, lower-cases IPv6. Returns null when the value is not an IP address.
 *
 * @example
 * ```ts
 * normalizeIpAddress('::ffff:203.0.113.7'); // '203.0.113.7'
 * normalizeIpAddress('not an ip'); // null
 * ```
 */
export function normalizeIpAddress(value: string): string | null {
  let ip = value.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone !== -1) ip = ip.slice(0, zone);
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return null;
  const groups = expandIPv6(ip.toLowerCase());
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return formatIPv6(groups);
}

/**
 * Builds the function that turns a raw address into what is stored, per the policy. Non-IP
 * values (a spoofed header, `unknown`) become null: the column only ever holds addresses.
 *
 * @example
 * ```ts
 * const toStored = ipAddressTransform('truncate');
 * toStored('203.0.113.77'); // '203.0.113.0'
 * toStored('2001:db8:1:2::7'); // '2001:db8:1::'
 * ```
 */
export function ipAddressTransform(policy: IpAddressPolicy): (value: string) => string | null {
  if (policy === 'full') return normalizeIpAddress;
  if (policy === 'truncate') {
    return (value) => {
      const ip = normalizeIpAddress(value);
      if (ip === null) return null;
      return isIPv4(ip) ? truncateIPv4(ip) : truncateIPv6(ip);
    };
  }
  const { hashKey } = policy;
  return (value) => {
    const ip = normalizeIpAddress(value);
    if (ip === null) return null;
    return `hmac:${createHmac('sha256', hashKey).update(ip).digest('base64url').slice(0, 22)}`;
  };
}

function truncateIPv4(ip: string): string {
  const [a, b, c] = ip.split('.');
  return `${a}.${b}.${c}.0`;
}

function truncateIPv6(ip: string): string {
  const groups = expandIPv6(ip);
  return formatIPv6([...groups.slice(0, 3), 0, 0, 0, 0, 0]);
}

/** The 8 groups of an IPv6 address (which `net.isIPv6` accepted) as numbers. */
function expandIPv6(ip: string): number[] {
  let text = ip;
  const ipv4Tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (ipv4Tail?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Tail[1].split('.').map(Number);
    text = `${text.slice(0, -ipv4Tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => Number.parseInt(group, 16));
}

/** RFC 5952 text: lower-case hex, no leading zeros, the longest run of 2+ zero groups as `::`. */
function formatIPv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
