import { describe, expect, it } from 'vitest';
import { ipAddressTransform, normalizeIpAddress } from './ip-address.js';
import { createMetadataSanitizer as createSanitizer, type MetadataPolicy } from './sanitize-metadata.js';
import { sanitizeText } from './sanitize-text.js';
import { redactSecretsInText, secretKeyMatcher } from './secret-patterns.js';

/** The sanitiser, returning the stored object; also checks that its JSON text matches it. */
const createMetadataSanitizer = (p: MetadataPolicy) => {
  const sanitize = createSanitizer(p);
  return (input: unknown) => {
    const result = sanitize(input);
    if (result) expect(JSON.parse(result.json)).toEqual(result.value);
    return result?.value ?? null;
  };
};

const policy = (overrides: Partial<MetadataPolicy> = {}): MetadataPolicy => ({
  maxBytes: 8192,
  maxStringLength: 1024,
  maxDepth: 5,
  maxEntries: 50,
  isSecretKey: secretKeyMatcher(),
  redaction: 'redact',
  ipKeys: new Set(['clientIpAddress']),
  ipTransform: normalizeIpAddress,
  ...overrides,
});

describe('sanitizeText', () => {
  it('strips CR/LF, control, bidi and zero-width characters', () => {
    expect(sanitizeText('curl/8.0\r\n2025-01-01 INFO admin logged in', 512)).toBe(
      'curl/8.02025-01-01 INFO admin logged in',
    );
    expect(sanitizeText('a\u0000b\u001bc\u007fd\u0085e', 10)).toBe('abcde');
    expect(sanitizeText('user\u202Egnp.exe', 50)).toBe('usergnp.exe');
    expect(sanitizeText('zero\u200Bwidth\uFEFF', 50)).toBe('zerowidth');
  });

  it('replaces lone surrogates, which PostgreSQL refuses, and never splits a pair', () => {
    expect(sanitizeText('bad\uD800tail', 20)).toBe('bad\uFFFDtail');
    expect(sanitizeText('ab😀', 3)).toBe('ab');
    expect(sanitizeText('ab😀', 4)).toBe('ab😀');
  });

  it('caps the length and turns blank values into null', () => {
    expect(sanitizeText('x'.repeat(600), 512)).toHaveLength(512);
    expect(sanitizeText(' \r\n ', 10)).toBeNull();
    expect(sanitizeText(undefined, 10)).toBeNull();
    expect(sanitizeText(42, 10)).toBe('42');
  });
});

describe('IP addresses', () => {
  it('normalises and refuses non-addresses', () => {
    expect(normalizeIpAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeIpAddress('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normalizeIpAddress('[fe80::1%eth0]')).toBe('fe80::1');
    expect(normalizeIpAddress("1.2.3.4'; DROP TABLE x; --")).toBeNull();
    expect(normalizeIpAddress('unknown')).toBeNull();
  });

  it('truncates IPv4 to /24 and IPv6 to /48', () => {
    const truncate = ipAddressTransform('truncate');
    expect(truncate('203.0.113.77')).toBe('203.0.113.0');
    expect(truncate('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::');
    expect(truncate('::ffff:198.51.100.200')).toBe('198.51.100.0');
  });

  it('hashes with a key: stable per address, different per key, not reversible by the table', () => {
    const a = ipAddressTransform({ hashKey: 'a'.repeat(32) });
    const b = ipAddressTransform({ hashKey: 'b'.repeat(32) });
    expect(a('203.0.113.7')).toMatch(/^hmac:[A-Za-z0-9_-]{22}$/);
    expect(a('203.0.113.7')).toBe(a('::ffff:203.0.113.7'));
    expect(a('203.0.113.7')).not.toBe(a('203.0.113.8'));
    expect(a('203.0.113.7')).not.toBe(b('203.0.113.7'));
  });
});

describe('secret detection', () => {
  it('recognises secret keys however they are spelled', () => {
    const isSecret = secretKeyMatcher(['ssn', /^x-internal-/i]);
    for (const key of [
      'password',
      'newPassword',
      'current_password',
      'accessToken',
      'refresh-token',
      'idToken',
      'sessionToken',
      'session_id',
      'sessionId',
      'Cookie',
      'set-cookie',
      'Authorization',
      'apiKey',
      'X-API-KEY',
      'client_secret',
      'privateKey',
      'credentials',
      'otp',
      'totp',
      'jwt',
      'pin',
      'code',
      'ssn',
      'X-Internal-Trace',
    ]) {
      expect(isSecret(key), key).toBe(true);
    }
    for (const key of [
      'reason',
      'deviceId',
      'rememberMe',
      'email',
      'path',
      'clientIpAddress',
      'sessionRef',
      'method',
      'errorCode',
    ]) {
      expect(isSecret(key), key).toBe(false);
    }
  });

  it('redacts secrets inside values', () => {
    const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjF9.c2lnbmF0dXJlLWJ5dGVz';
    expect(redactSecretsInText(`token ${jwt} end`)).toBe('token [REDACTED] end');
    expect(redactSecretsInText('Authorization: Bearer abcdef123456')).toBe(
      'Authorization: Bearer [REDACTED]',
    );
    expect(redactSecretsInText('https://app.test/reset-password?token=abc123&lang=en')).toBe(
      'https://app.test/reset-password?token=[REDACTED]&lang=en',
    );
    expect(redactSecretsInText('better-auth.session_token=abc.def; theme=dark')).toBe(
      'better-auth.session_token=[REDACTED]; theme=dark',
    );
    expect(redactSecretsInText('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----')).toBe(
      '[REDACTED]',
    );
    expect(redactSecretsInText('Mozilla/5.0 (X11; Linux x86_64)')).toBe('Mozilla/5.0 (X11; Linux x86_64)');
  });
});

describe('createMetadataSanitizer', () => {
  it('redacts (or drops) secret keys at any depth and keeps the rest', () => {
    const input = {
      deviceId: 'ios-1',
      password: 'hunter2',
      nested: { refreshToken: 'r', ok: 1, deeper: [{ cookie: 'c', keep: true }] },
    };
    expect(createMetadataSanitizer(policy())(input)).toEqual({
      deviceId: 'ios-1',
      password: '[REDACTED]',
      nested: { refreshToken: '[REDACTED]', ok: 1, deeper: [{ cookie: '[REDACTED]', keep: true }] },
    });
    expect(createMetadataSanitizer(policy({ redaction: 'drop' }))(input)).toEqual({
      deviceId: 'ios-1',
      nested: { ok: 1, deeper: [{ keep: true }] },
    });
  });

  it('converts values to JSON and drops what JSON cannot hold', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const result = createMetadataSanitizer(policy())({
      when: new Date('2025-01-02T03:04:05.000Z'),
      big: 12345678901234567890n,
      nan: Number.NaN,
      nothing: undefined,
      fn: () => 1,
      error: new TypeError('bad\r\ninput'),
      set: new Set(['a', 'b']),
      map: new Map([['k', 'v']]),
      circular,
      url: new URL('https://app.test/cb?code=xyz'),
    });
    expect(result).toEqual({
      when: '2025-01-02T03:04:05.000Z',
      big: '12345678901234567890',
      nan: null,
      error: { name: 'TypeError', message: 'badinput' },
      set: ['a', 'b'],
      map: { k: 'v' },
      circular: { name: 'loop', self: '[Circular]' },
      url: 'https://app.test/cb?code=[REDACTED]',
    });
  });

  it('caps strings, entries, depth and total size', () => {
    const sanitize = createMetadataSanitizer(
      policy({ maxStringLength: 10, maxEntries: 3, maxDepth: 2, maxBytes: 120 }),
    );
    expect(sanitize({ s: 'x'.repeat(50) })).toEqual({ s: 'x'.repeat(10) });
    expect(sanitize({ a: 1, b: 2, c: 3, d: 4 })).toEqual({ a: 1, b: 2, c: 3, _truncated: true });
    expect(sanitize({ list: [1, 2, 3, 4, 5] })).toEqual({ list: [1, 2, 3, '[Truncated]'] });
    expect(sanitize({ a: { b: { c: 1 } } })).toEqual({ a: { b: '[Truncated]' } });
    const big = createMetadataSanitizer(policy({ maxBytes: 100 }))({
      a: 'x'.repeat(40),
      b: 'y'.repeat(40),
      c: 'z',
    });
    expect(big).toEqual({ a: 'x'.repeat(40), c: 'z', _truncated: true });
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThanOrEqual(100);
  });

  it('counts bytes, not characters, against the size cap', () => {
    const result = createMetadataSanitizer(policy({ maxBytes: 64 }))({
      a: 'é'.repeat(20),
      b: 'ü'.repeat(20),
    });
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(64);
    expect(result).toMatchObject({ _truncated: true });
  });

  it('applies the IP policy to clientIpAddress and strips control characters from keys', () => {
    const sanitize = createMetadataSanitizer(policy({ ipTransform: ipAddressTransform('truncate') }));
    expect(
      sanitize({ clientIpAddress: '203.0.113.99', 'bad\nkey': 'v', __proto__: { polluted: true } }),
    ).toEqual({
      clientIpAddress: '203.0.113.0',
      badkey: 'v',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns empty or non-object metadata into null', () => {
    const sanitize = createMetadataSanitizer(policy());
    expect(sanitize({})).toBeNull();
    expect(sanitize({ deviceId: undefined, rememberMe: undefined })).toBeNull();
    expect(sanitize(null)).toBeNull();
    expect(sanitize('text')).toBeNull();
  });
});
