import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_HEADERS } from '../../test/support/default-headers.js';
import { expectSecureHeadersError } from '../../test/support/expect-error.js';
import type { SecureHeadersOptions } from '../policy/options.js';
import { createSecureHeaders } from '../secure-headers.js';

const HSTS = 'Strict-Transport-Security';
const hsts = (strictTransportSecurity: SecureHeadersOptions['strictTransportSecurity'], request?: Request) =>
  new Map(createSecureHeaders({ strictTransportSecurity }).headers({ request })).get(HSTS);

describe('Strict-Transport-Security', () => {
  it('an object is merged into the preset value', () => {
    expect(hsts({ maxAge: 63_072_000 })).toBe('max-age=63072000; includeSubDomains; preload');
    expect(hsts({ preload: false })).toBe('max-age=31536000; includeSubDomains');
    expect(hsts({ preload: false, includeSubDomains: false, maxAge: 600 })).toBe('max-age=600');
  });

  it('a string is parsed, validated and written canonically', () => {
    expect(hsts('max-age=15552000')).toBe('max-age=15552000');
    expect(hsts('MAX-AGE="31536000" ; includesubdomains;PRELOAD')).toBe(
      'max-age=31536000; includeSubDomains; preload',
    );
    expect(hsts('max-age=0')).toBe('max-age=0');
  });

  it('errors name the header, the bad value and the fix', () => {
    expectSecureHeadersError(() => hsts('maxage=31536000'), {
      code: 'HSTS_UNKNOWN_DIRECTIVE',
      header: HSTS,
      value: 'maxage=31536000',
      fix: 'did you mean "max-age"?',
    });
    expectSecureHeadersError(() => hsts('max_age=31536000; includeSubDomains'), {
      code: 'HSTS_UNKNOWN_DIRECTIVE',
      header: HSTS,
      value: 'max_age=31536000; includeSubDomains',
      fix: 'did you mean "max-age"?',
    });
    expectSecureHeadersError(() => hsts({ maxage: 31536000 } as never), {
      code: 'UNKNOWN_OPTION',
      header: HSTS,
      value: 'maxage',
      fix: 'did you mean "maxAge"?',
    });
    expectSecureHeadersError(() => hsts({ includeSubdomains: true } as never), {
      code: 'UNKNOWN_OPTION',
      header: HSTS,
      value: 'includeSubdomains',
      fix: 'did you mean "includeSubDomains"?',
    });
    expectSecureHeadersError(() => hsts('includeSubDomains; preload'), {
      code: 'HSTS_MISSING_MAX_AGE',
      header: HSTS,
      value: 'includeSubDomains; preload',
      fix: 'max-age=31536000',
    });
    expectSecureHeadersError(() => hsts('max-age=1y'), {
      code: 'HSTS_INVALID_MAX_AGE',
      header: HSTS,
      value: 'max-age=1y',
      fix: 'max-age=31536000',
    });
    expectSecureHeadersError(() => hsts({ maxAge: 1.5 }), {
      code: 'HSTS_INVALID_MAX_AGE',
      header: HSTS,
      value: '1.5',
      fix: 'maxAge: 31536000',
    });
    expectSecureHeadersError(() => hsts({ maxAge: -1 }), {
      code: 'HSTS_INVALID_MAX_AGE',
      header: HSTS,
      value: '-1',
      fix: 'maxAge: 31536000',
    });
    expectSecureHeadersError(() => hsts('max-age=1; max-age=2'), {
      code: 'HSTS_UNKNOWN_DIRECTIVE',
      header: HSTS,
      value: 'max-age=1; max-age=2',
      fix: 'write max-age once',
    });
    expectSecureHeadersError(() => hsts(42 as never), {
      code: 'INVALID_VALUE',
      header: HSTS,
      value: '42',
      fix: 'max-age=31536000',
    });
  });

  it('preload needs includeSubDomains and a year, as the preload list requires', () => {
    expectSecureHeadersError(() => hsts({ maxAge: 600 }), {
      code: 'HSTS_PRELOAD_REQUIREMENTS',
      header: HSTS,
      value: 'max-age=600; includeSubDomains; preload',
      fix: 'max-age=31536000 or more',
    });
    expectSecureHeadersError(() => hsts('max-age=31536000; preload'), {
      code: 'HSTS_PRELOAD_REQUIREMENTS',
      header: HSTS,
      value: 'max-age=31536000; preload',
      fix: 'add includeSubDomains',
    });
  });
});

describe('HSTS on plain-HTTP localhost', () => {
  const omit = { omitOnPlainHttpLocalhost: true };

  it('is left out for http://localhost, 127.0.0.0/8, [::1] and *.localhost when asked', () => {
    for (const url of [
      'http://localhost:3000/',
      'http://127.0.0.1/',
      'http://127.1.2.3:8080/x',
      'http://[::1]:4000/',
      'http://app.localhost/',
    ]) {
      expect(hsts(omit, new Request(url)), url).toBeUndefined();
    }
  });

  it('is kept over HTTPS, behind a TLS proxy, on other hosts, and when not asked', () => {
    expect(hsts(omit, new Request('https://localhost/'))).toBe(
      'max-age=31536000; includeSubDomains; preload',
    );
    expect(hsts(omit, new Request('http://localhost/', { headers: { 'x-forwarded-proto': 'https' } }))).toBe(
      'max-age=31536000; includeSubDomains; preload',
    );
    expect(hsts(omit, new Request('http://example.com/'))).toBe(
      'max-age=31536000; includeSubDomains; preload',
    );
    expect(hsts(omit, new Request('http://localhost.example.com/'))).toBe(
      'max-age=31536000; includeSubDomains; preload',
    );
    expect(hsts(omit, new Request('http://128.0.0.1/'))).toBe('max-age=31536000; includeSubDomains; preload');
    expect(hsts(undefined, new Request('http://localhost/'))).toBe(
      'max-age=31536000; includeSubDomains; preload',
    );
    expect(hsts(omit)).toBe('max-age=31536000; includeSubDomains; preload');
  });

  it('leaves every other header in place', () => {
    const policy = createSecureHeaders({ strictTransportSecurity: omit });
    const local = policy.headers({ request: new Request('http://localhost/') });
    expect(local.map(([name]) => name)).toEqual(
      DEFAULT_PRESET_HEADERS.filter((name) => name !== 'Strict-Transport-Security'),
    );
  });
});
