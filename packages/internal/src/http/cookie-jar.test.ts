import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar.js';

describe('CookieJar', () => {
  it('keeps name=value of each Set-Cookie and sends them back as one Cookie header', () => {
    const jar = new CookieJar().store(['a=1; Path=/; HttpOnly', 'b=x%3Dy; Max-Age=60']);
    expect(jar.header()).toBe('a=1; b=x%3Dy');
    expect(jar.size).toBe(2);
    expect(jar.get('b')).toBe('x%3Dy');
  });

  it('replaces a cookie set again and drops expired or emptied ones', () => {
    const jar = new CookieJar('a=1; b=2; c=3; d=4');
    jar.store([
      'a=9; Path=/',
      'b=; Path=/',
      'c=3; Max-Age=0; Path=/',
      'd=4; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ]);
    expect(jar.header()).toBe('a=9');
  });

  it('keeps a cookie whose Expires is in the future or overridden by a positive Max-Age', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const jar = new CookieJar().store(
      [
        'a=1; Expires=Fri, 02 Jan 2026 00:00:00 GMT',
        'b=2; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
      ],
      now,
    );
    expect(jar.header()).toBe('a=1; b=2');
  });

  it('reads Set-Cookie from a Response and applies itself to request headers only when not empty', () => {
    const response = new Response(null, { headers: [['set-cookie', 's=abc; HttpOnly']] });
    const empty = new CookieJar().applyTo(new Headers());
    expect(empty.has('cookie')).toBe(false);
    const jar = new CookieJar().storeFrom(response);
    expect(jar.applyTo(new Headers()).get('cookie')).toBe('s=abc');
  });

  it('clones into an independent jar', () => {
    const jar = new CookieJar('a=1');
    const copy = jar.clone();
    copy.store(['a=2']);
    expect([jar.get('a'), copy.get('a')]).toEqual(['1', '2']);
  });
});
