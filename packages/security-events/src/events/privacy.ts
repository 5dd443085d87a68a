import { createHmac, randomBytes } from 'node:crypto';
import { invalidOption, rejectUnknownOptions } from '../errors.js';
import { type IpAddressPolicy, ipAddressTransform } from './ip-address.js';

/**
 * How personal data is stored in audit rows. The defaults keep what an investigation needs
 * (every row of one address, or of one email, can still be found and counted) without storing
 * the address itself:
 * - `emails` (`metadata.email`): `'hash'` (default) a keyed HMAC-SHA-256 of the lower-cased
 *   address, `hmac:` + 22 base64url characters (132 bits); `'omit'` leaves it out; `'raw'`
 *   stores the lower-cased address (opt-in).
 * - `ipAddresses` (the `ip_address` column and `metadata.clientIpAddress`): `'hash'` (default)
 *   the same keyed pseudonym of the normalised address; `'truncate'` the /24 (IPv4) or /48
 *   (IPv6) network; `'raw'` the normalised address (opt-in).
 * - `hashKey`: the HMAC key, at least 16 characters (derive it from your auth secret, e.g.
 *   an HMAC of AUTH_SECRET and a label). Default: 32 random bytes per service instance, so pseudonyms
 *   correlate only until a restart; configure a key to correlate across restarts and instances.
 *
 * A keyed pseudonym (not a bare hash) because IPv4 addresses and most emails are guessable:
 * without the key nobody can test a guess against the log.
 *
 * @example
 * ```ts
 * const privacy: SecurityEventsPrivacy = { hashKey: `${process.env.AUTH_SECRET}:audit`, emails: 'hash', ipAddresses: 'hash' };
 * ```
 */
export interface SecurityEventsPrivacy {
  /** HMAC key of the pseudonyms, at least 16 characters. Default: random per service instance. */
  hashKey?: string;
  /** `'hash'` (default), `'omit'` or `'raw'`. */
  emails?: 'hash' | 'omit' | 'raw';
  /** `'hash'` (default), `'truncate'` or `'raw'`. */
  ipAddresses?: 'hash' | 'truncate' | 'raw';
}

/**
 * The privacy options turned into the transforms the event builder and the queries apply.
 *
 * @example
 * ```ts
 * const { ip, email } = resolvePrivacy({ hashKey: 'a key of 16+ chars' }, undefined);
 * ip('203.0.113.7'); // 'hmac:…'
 * ```
 */
export interface ResolvedPrivacy {
  /** An IP as stored (null for a value that is not an IP address). */
  ip: (value: string) => string | null;
  /** An email as stored (undefined: not stored). */
  email: (value: string) => string | undefined;
}

const PRIVACY_KEYS = Object.keys({ hashKey: true, emails: true, ipAddresses: true } satisfies Record<
  keyof SecurityEventsPrivacy,
  true
>);

// What the Better Auth plugin's own `email: { hashKey }` option produces: stored as it is.
const PSEUDONYM = /^hmac:[A-Za-z0-9_-]{22}$/;

/**
 * Validates `privacy` (and the deprecated `ipAddress` option, which wins for IPs when set) and
 * builds the transforms.
 *
 * @example
 * ```ts
 * const privacy = resolvePrivacy({ emails: 'raw' }, undefined);
 * ```
 */
export function resolvePrivacy(
  options: SecurityEventsPrivacy | undefined,
  legacyIp: IpAddressPolicy | undefined,
): ResolvedPrivacy {
  const privacy = options ?? {};
  if (typeof privacy !== 'object' || privacy === null || Array.isArray(privacy)) {
    invalidOption('privacy', privacy, "Pass an object such as { emails: 'hash', ipAddresses: 'hash' }.");
  }
  rejectUnknownOptions(privacy, PRIVACY_KEYS, 'SecurityEventsService', 'privacy');
  const hashKey = privacy.hashKey ?? randomBytes(32).toString('base64url');
  checkKey('privacy.hashKey', hashKey);
  const emails = oneOf('privacy.emails', privacy.emails, ['hash', 'omit', 'raw'] as const);
  const ips = oneOf('privacy.ipAddresses', privacy.ipAddresses, ['hash', 'truncate', 'raw'] as const);
  return {
    ip: remembered(ipAddressTransform(legacyPolicy(legacyIp) ?? ipPolicy(ips, hashKey))),
    email: remembered(emailTransform(emails, hashKey)),
  };
}

const REMEMBERED = 4096;

/**
 * The transform with its last results remembered: an HMAC costs a few microseconds, and the
 * same addresses come back (one client's requests, a flood from a few addresses). Bounded: the
 * memory is dropped once it holds {@link REMEMBERED} values.
 */
function remembered<R>(transform: (value: string) => R): (value: string) => R {
  const memory = new Map<string, R>();
  return (value) => {
    const known = memory.get(value);
    if (known !== undefined || memory.has(value)) return known as R;
    const result = transform(value);
    if (memory.size >= REMEMBERED) memory.clear();
    memory.set(value, result);
    return result;
  };
}

function ipPolicy(mode: 'hash' | 'truncate' | 'raw', hashKey: string): IpAddressPolicy {
  return mode === 'raw' ? 'full' : mode === 'truncate' ? 'truncate' : { hashKey };
}

function legacyPolicy(policy: IpAddressPolicy | undefined): IpAddressPolicy | undefined {
  if (policy === undefined || policy === 'full' || policy === 'truncate') return policy;
  const key = (policy as { hashKey?: unknown } | null)?.hashKey;
  checkKey('ipAddress', key, policy);
  return { hashKey: key as string };
}

function emailTransform(
  mode: 'hash' | 'omit' | 'raw',
  hashKey: string,
): (value: string) => string | undefined {
  return (value) => {
    if (mode === 'omit') return undefined;
    if (PSEUDONYM.test(value)) return value;
    const email = value.trim().toLowerCase().slice(0, 254);
    if (email === '') return undefined;
    if (mode === 'raw') return email;
    return `hmac:${createHmac('sha256', hashKey).update(email).digest('base64url').slice(0, 22)}`;
  };
}

function checkKey(name: string, key: unknown, shown: unknown = key): void {
  if (typeof key !== 'string' || key.length < 16) {
    invalidOption(
      name,
      typeof key === 'string' ? '<a key shorter than 16 characters>' : shown,
      'Use a secret of at least 16 characters (e.g. an HMAC of your auth secret and the word audit), or leave it out for a random per-process key.',
    );
  }
}

function oneOf<const T extends string>(name: string, value: T | undefined, allowed: readonly T[]): T {
  if (value === undefined) return allowed[0] as T;
  if (!allowed.includes(value)) invalidOption(name, value, `Use ${allowed.map((a) => `'${a}'`).join(', ')}.`);
  return value;
}
