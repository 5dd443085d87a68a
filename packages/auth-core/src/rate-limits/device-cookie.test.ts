import { describe, expect, it } from 'vitest';
import {
  createDeviceCookieValue,
  deviceCookieName,
  readDeviceCookies,
  verifyDeviceCookieValue,
} from './device-cookie.js';

const SECRET = 'device-cookie-secret-of-at-least-32-bytes';
const OLD = 'an-older-secret-that-is-at-least-32-bytes';

describe('device cookie values', () => {
  it('verifies a value it signed, and names the account and a random nonce', () => {
    const a = createDeviceCookieValue('user-1', SECRET);
    const b = createDeviceCookieValue('user-1', SECRET);
    expect(verifyDeviceCookieValue(a, [SECRET])).toEqual({ userId: 'user-1', nonce: a.split('.')[1] });
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a).not.toContain(SECRET);
  });

  it('refuses another secret, a tampered part, a swapped account and malformed values', () => {
    const value = createDeviceCookieValue('user-1', SECRET);
    const [, nonce, sig] = value.split('.') as [string, string, string];
    const other = Buffer.from('user-2').toString('base64url');
    expect(verifyDeviceCookieValue(value, ['another-secret-that-is-at-least-32-bytes'])).toBeNull();
    expect(verifyDeviceCookieValue(`${other}.${nonce}.${sig}`, [SECRET])).toBeNull();
    expect(verifyDeviceCookieValue(`${value}x`, [SECRET])).toBeNull();
    for (const bad of ['', 'a.b', 'a.b.c.d', `${other}.${nonce}.`, `${other}.${nonce}.${sig}=`, 'a b.c.d'])
      expect(verifyDeviceCookieValue(bad, [SECRET]), bad).toBeNull();
  });

  it('still verifies a value signed with a previous secret when that secret is listed', () => {
    const value = createDeviceCookieValue('user-1', OLD);
    expect(verifyDeviceCookieValue(value, [SECRET])).toBeNull();
    expect(verifyDeviceCookieValue(value, [SECRET, OLD])).toMatchObject({ userId: 'user-1' });
  });
});

describe('readDeviceCookies', () => {
  it('keeps only signed cookies under the name of the account they name, __Host- or not', () => {
    const one = createDeviceCookieValue('user-1', SECRET);
    const two = createDeviceCookieValue('user-2', SECRET);
    const header = [
      `${deviceCookieName('user-1', false)}=${one}`,
      `${deviceCookieName('user-2', true)}=${two}`,
      `${deviceCookieName('user-1', false).replace(/.$/, '_')}=${one}`, // renamed
      `${deviceCookieName('user-3', false)}=${one}`, // another account's name
      `${deviceCookieName('user-4', false)}=${createDeviceCookieValue('user-4', OLD)}`, // unknown secret
      'better-auth.session_token=abc.def',
    ].join('; ');
    const found = readDeviceCookies(header, [SECRET]);
    expect(found.map((d) => [d.userId, d.name])).toEqual([
      ['user-1', deviceCookieName('user-1', false)],
      ['user-2', deviceCookieName('user-2', true)],
    ]);
    expect(deviceCookieName('user-2', true)).toMatch(/^__Host-mana-auth\.device\./);
    expect(readDeviceCookies(null, [SECRET])).toEqual([]);
  });
});
