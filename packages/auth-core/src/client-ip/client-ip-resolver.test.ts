import { describe, expect, it } from 'vitest';
import { createClientIpResolver, trustedProxyProblem } from './client-ip-resolver.js';
import { inNetwork, parseIpAddress, parseIpNetwork } from './ip-address.js';

const xff = (value: string) => new Headers({ 'x-forwarded-for': value });

describe('parseIpAddress', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['  192.0.2.1 ', '192.0.2.1'],
    ['192.0.2.1:8080', '192.0.2.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:c000:0201', '192.0.2.1'],
    ['0:0:0:0:0:ffff:192.0.2.1', '192.0.2.1'],
    ['::1', '::1'],
  ])('%j → %j', (entry, expected) => expect(parseIpAddress(entry)).toBe(expected));

  it.each([
    '',
    'unknown',
    '_hidden',
    'example.com',
    '192.0.2',
    '192.0.2.256',
    '2001:db8::1:443',
    '2001:db8:::1',
    '[192.0.2.1',
    '192.0.2.1:port',
    '192.0.2.1 192.0.2.2',
  ])('refuses %j', (entry) => {
    const parsed = parseIpAddress(entry);
    // '2001:db8::1:443' is itself a valid IPv6 address; a bare IPv6 never carries a port.
    if (entry === '2001:db8::1:443') expect(parsed).toBe('2001:db8::1:443');
    else expect(parsed).toBeNull();
  });
});

describe('parseIpNetwork and inNetwork', () => {
  it('matches IPv4 and IPv6 CIDRs, bare addresses as single hosts', () => {
    expect(inNetwork('10.1.2.3', parseIpNetwork('10.0.0.0/8')!)).toBe(true);
    expect(inNetwork('11.1.2.3', parseIpNetwork('10.0.0.0/8')!)).toBe(false);
    expect(inNetwork('192.0.2.1', parseIpNetwork('192.0.2.1')!)).toBe(true);
    expect(inNetwork('192.0.2.2', parseIpNetwork('192.0.2.1')!)).toBe(false);
    expect(inNetwork('2001:db8:ffff::1', parseIpNetwork('2001:db8::/32')!)).toBe(true);
    expect(inNetwork('2001:db9::1', parseIpNetwork('2001:db8::/32')!)).toBe(false);
    expect(inNetwork('192.0.2.1', parseIpNetwork('0.0.0.0/0')!)).toBe(true);
    expect(inNetwork('10.0.0.1', parseIpNetwork('::/0')!)).toBe(false);
    expect(inNetwork('10.0.0.9', parseIpNetwork('::ffff:10.0.0.0/120')!)).toBe(true);
    expect(inNetwork('10.0.1.9', parseIpNetwork('10.0.0.7/24')!)).toBe(false);
  });

  it.each([
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    ' 10.0.0.0/8',
    '10.0.0.0 /8',
    '10.0.0.1:80',
    '[::1]',
    'localhost',
    'fe80::1%eth0',
    '',
  ])('refuses %j with a message naming it', (entry) => {
    expect(parseIpNetwork(entry)).toBeNull();
    expect(trustedProxyProblem(entry)).toContain(JSON.stringify(entry));
  });

  it('explains a bad prefix length', () => {
    expect(trustedProxyProblem('10.0.0.0/33')).toMatch(/prefix length \(0-32 for IPv4, 0-128 for IPv6\)/);
    expect(trustedProxyProblem('10.0.0.0/8')).toBeNull();
  });
});

describe('createClientIpResolver', () => {
  it('without trusted proxies: the socket peer, whatever the headers say', () => {
    const resolve = createClientIpResolver();
    expect(resolve('192.0.2.1', xff('198.51.100.1'))).toBe('192.0.2.1');
    expect(resolve('::ffff:127.0.0.2', new Headers())).toBe('127.0.0.2');
    expect(resolve('2001:db8::1', xff('198.51.100.1'))).toBe('2001:db8::1');
  });

  it('unknown or garbled peer: no client IP, no header believed', () => {
    const resolve = createClientIpResolver({ trustedProxies: ['0.0.0.0/0'] });
    expect(resolve(undefined, xff('198.51.100.1'))).toBeNull();
    expect(resolve('', xff('198.51.100.1'))).toBeNull();
    expect(resolve('not-an-ip', xff('198.51.100.1'))).toBeNull();
  });

  it('from an untrusted peer: the peer, even with a forwarded chain', () => {
    const resolve = createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] });
    expect(resolve('192.0.2.9', xff('10.0.0.5, 198.51.100.1'))).toBe('192.0.2.9');
  });

  it('from a trusted peer: the right-most untrusted hop', () => {
    const resolve = createClientIpResolver({ trustedProxies: ['10.0.0.0/8', '2001:db8:aaaa::/48'] });
    expect(resolve('10.0.0.1', xff('198.51.100.1'))).toBe('198.51.100.1');
    expect(resolve('10.0.0.1', xff('6.6.6.6, 198.51.100.1, 10.0.0.2'))).toBe('198.51.100.1');
    expect(resolve('::ffff:10.0.0.1', xff(' 6.6.6.6 ,198.51.100.1 ,  10.0.0.2 '))).toBe('198.51.100.1');
    expect(resolve('2001:db8:aaaa::1', xff('[2001:db8:bbbb::7]:51000, 2001:db8:aaaa::2'))).toBe(
      '2001:db8:bbbb::7',
    );
    expect(resolve('10.0.0.1', xff('198.51.100.1:4711, 10.0.0.2'))).toBe('198.51.100.1');
    // Several header lines are one list (Headers joins them with ", "); empty entries are skipped.
    const lines = new Headers();
    lines.append('x-forwarded-for', '6.6.6.6');
    lines.append('x-forwarded-for', '203.0.113.4,,');
    expect(resolve('10.0.0.1', lines)).toBe('203.0.113.4');
  });

  it('an all-trusted chain: the left-most hop', () => {
    const resolve = createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] });
    expect(resolve('10.0.0.1', xff('10.0.0.9, 10.0.0.2'))).toBe('10.0.0.9');
  });

  it('a malformed right-most untrusted hop, or no header: the trusted proxy itself', () => {
    const resolve = createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] });
    expect(resolve('10.0.0.1', xff('198.51.100.1, unknown, 10.0.0.2'))).toBe('10.0.0.1');
    expect(resolve('10.0.0.1', xff('198.51.100.1, evil.example'))).toBe('10.0.0.1');
    expect(resolve('10.0.0.1', xff('  '))).toBe('10.0.0.1');
    expect(resolve('10.0.0.1', new Headers())).toBe('10.0.0.1');
    // A malformed hop left of the client does not matter: the walk stops at the client.
    expect(resolve('10.0.0.1', xff('garbage, 198.51.100.1'))).toBe('198.51.100.1');
  });

  it('reads the configured headers in order, only from trusted proxies', () => {
    const resolve = createClientIpResolver({
      trustedProxies: ['10.0.0.1'],
      headers: ['cf-connecting-ip', 'x-real-ip'],
    });
    const headers = new Headers({ 'x-real-ip': '198.51.100.2', 'x-forwarded-for': '198.51.100.3' });
    expect(resolve('10.0.0.1', headers)).toBe('198.51.100.2');
    headers.set('cf-connecting-ip', '198.51.100.1');
    expect(resolve('10.0.0.1', headers)).toBe('198.51.100.1');
    expect(resolve('10.0.0.2', headers)).toBe('10.0.0.2');
  });

  it('refuses a bad trusted proxy entry when built', () => {
    expect(() => createClientIpResolver({ trustedProxies: ['10.0.0.0/99'] })).toThrow(/10\.0\.0\.0\/99/);
  });
});
