import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseCookies } from 'better-auth/cookies';

/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * signed in to an account successfully gets a signed cookie naming that account and a random
 * nonce. Its failures are counted for that device alone, so strangers' failures never lock it out.
 *
 * Value: `<base64url(user id)>.<base64url(16-byte nonce)>.<base64url(HMAC-SHA256)>`, the HMAC keyed
 * with a key derived from the auth secret (its own purpose, never the secret itself). One cookie
 * per account (the name carries a hash of the user id), so a shared browser keeps each account's.
 */

/** Name of every device cookie before its account tag (`__Host-` is added over https). */
export const DEVICE_COOKIE_BASE_NAME = 'mana-auth.device.';
const HOST_PREFIX = '__Host-';
const KEY_LABEL = 'mana-auth device cookie v1';

/** A device cookie that verified: the account it was issued to and its nonce (the device id). */
export interface DeviceIdentity {
  userId: string;
  nonce: string;
  /** The cookie's name, to set it again under the same name. */
  name: string;
  value: string;
}

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const deriveKey = (secret: string) => createHmac('sha256', secret).update(KEY_LABEL).digest();
const mac = (secret: string, payload: string) =>
  createHmac('sha256', deriveKey(secret)).update(payload).digest('base64url');

/** The cookie name for `userId`; `secure` (https) gives the `__Host-` form. */
export function deviceCookieName(userId: string, secure: boolean): string {
  const tag = createHash('sha256').update(userId).digest('base64url').slice(0, 16);
  return `${secure ? HOST_PREFIX : ''}${DEVICE_COOKIE_BASE_NAME}${tag}`;
}

/** A new device cookie value for `userId`, signed with `secret`. */
export function createDeviceCookieValue(userId: string, secret: string): string {
  const payload = `${b64(userId)}.${b64(randomBytes(16))}`;
  return `${payload}.${mac(secret, payload)}`;
}

/** The account and nonce of `value` when one of `secrets` signed it, else `null`. */
export function verifyDeviceCookieValue(
  value: string,
  secrets: readonly string[],
): { userId: string; nonce: string } | null {
  const parts = value.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[\w-]+$/.test(part))) return null;
  const [user, nonce, signature] = parts as [string, string, string];
  const given = Buffer.from(signature);
  for (const secret of secrets) {
    const expected = Buffer.from(mac(secret, `${user}.${nonce}`));
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      return { userId: Buffer.from(user, 'base64url').toString('utf8'), nonce };
    }
  }
  return null;
}

/**
 * Every valid device cookie in a `Cookie` header (signature checked against `secrets`, the name
 * matching the account it names). A forged or renamed cookie is ignored.
 */
export function readDeviceCookies(cookieHeader: string | null, secrets: readonly string[]): DeviceIdentity[] {
  if (!cookieHeader) return [];
  const found: DeviceIdentity[] = [];
  for (const [name, value] of parseCookies(cookieHeader)) {
    const bare = name.startsWith(HOST_PREFIX) ? name.slice(HOST_PREFIX.length) : name;
    if (!bare.startsWith(DEVICE_COOKIE_BASE_NAME)) continue;
    const identity = verifyDeviceCookieValue(value, secrets);
    if (!identity || deviceCookieName(identity.userId, false) !== bare) continue;
    found.push({ ...identity, name, value });
  }
  return found;
}

/** The attributes a device cookie is set with: HttpOnly, SameSite=Lax, Path=/, Secure over https. */
export function deviceCookieAttributes(secure: boolean, maxAgeSeconds: number) {
  return { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: maxAgeSeconds } as const;
}

/**
 * Drops every cookie from `headers` but the device cookies (for an inner sign-in call that must
 * not see the caller's session cookies, yet must see which device it comes from).
 */
export function keepOnlyDeviceCookies(headers: Headers): void {
  const kept = (headers.get('cookie') ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => /^(__Host-)?mana-auth\.device\.[\w-]+=/.test(part));
  headers.delete('cookie');
  if (kept.length > 0) headers.set('cookie', kept.join('; '));
}
