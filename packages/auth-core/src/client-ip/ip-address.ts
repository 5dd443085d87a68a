import { isIP } from 'node:net';

/**
 * One address as a forwarded header or a socket reports it, normalised: surrounding spaces,
 * `[brackets]`, a `:port` and an IPv6 zone (`%eth0`) removed, IPv4-mapped IPv6
 * (`::ffff:192.0.2.1`) turned into IPv4, IPv6 lower-cased. Null when what is left is not an IP
 * address (`unknown`, `_hidden`, a host name, an empty entry).
 *
 * @example
 * ```ts
 * parseIpAddress(' [2001:DB8::1]:443 '); // '2001:db8::1'
 * parseIpAddress('::ffff:192.0.2.1'); // '192.0.2.1'
 * parseIpAddress('192.0.2.1:8080'); // '192.0.2.1'
 * ```
 */
export function parseIpAddress(entry: string): string | null {
  let value = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const zone = value.indexOf('%');
  if (zone !== -1 && value.includes(':')) value = value.slice(0, zone);
  const family = isIP(value);
  if (family === 4) return value;
  if (family !== 6) return null;
  const lower = value.toLowerCase();
  const bytes = ipv6Bytes(lower);
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.subarray(12).join('.') : lower;
}

/** The 4 (IPv4) or 16 (IPv6) bytes of an address {@link parseIpAddress} returned. */
export function ipBytes(ip: string): Uint8Array {
  return isIP(ip) === 4 ? Uint8Array.from(ip.split('.').map(Number)) : ipv6Bytes(ip);
}

function ipv6Bytes(ip: string): Uint8Array {
  let text = ip;
  const bytes = new Uint8Array(16);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    bytes.set(dotted[1]!.split('.').map(Number), 12);
    text = `${text.slice(0, dotted.index)}0:0`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  groups.forEach((group, i) => {
    if (dotted && i >= 6) return;
    const n = Number.parseInt(group, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 255;
  });
  return bytes;
}

/** An IP network: its address bytes and prefix length. */
export interface IpNetwork {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

/**
 * Parses an address or CIDR (`10.0.0.1`, `10.0.0.0/8`, `2001:db8::/32`); a bare address is a
 * network of one. An IPv4-mapped network (`::ffff:10.0.0.0/104`) becomes its IPv4 network.
 * Null for anything else: a host name, spaces, a port, a prefix past the family's length,
 * host bits set past the prefix are allowed (`10.0.0.1/8` means `10.0.0.0/8`).
 *
 * @example
 * ```ts
 * parseIpNetwork('10.0.0.0/8'); // { bytes: [10, 0, 0, 0], prefix: 8 }
 * parseIpNetwork('10.0.0.0/33'); // null
 * ```
 */
export function parseIpNetwork(value: string): IpNetwork | null {
  if (value !== value.trim() || value.includes('[') || value.includes('%')) return null;
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  if (isIP(address) === 0) return null;
  const ip = parseIpAddress(address);
  if (ip === null) return null;
  const bytes = ipBytes(ip);
  const max = bytes.length * 8;
  if (slash === -1) return { bytes, prefix: max };
  const prefixText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  // An IPv4-mapped address written as IPv6 counts its prefix over 128 bits.
  const prefix = Number(prefixText) - (isIP(address) === 6 && bytes.length === 4 ? 96 : 0);
  return prefix >= 0 && prefix <= max ? { bytes, prefix } : null;
}

/** True when the normalised address `ip` lies inside `network` (same family only). */
export function inNetwork(ip: string, network: IpNetwork): boolean {
  const bytes = ipBytes(ip);
  if (bytes.length !== network.bytes.length) return false;
  for (let bit = 0; bit < network.prefix; bit++) {
    const mask = 0x80 >> (bit % 8);
    if (((bytes[bit >> 3] as number) & mask) !== ((network.bytes[bit >> 3] as number) & mask)) return false;
  }
  return true;
}
