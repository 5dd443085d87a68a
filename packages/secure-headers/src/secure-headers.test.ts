import { describe, expect, it } from 'vitest';
import { NONCE } from './csp/types.js';
import { createSecureHeaders, isSecureHeaders } from './secure-headers.js';

describe('SecureHeaders.apply / secure', () => {
  it('sets every header on a Headers object and removes X-Powered-By and Server', () => {
    const headers = new Headers({
      'X-Powered-By': 'Express',
      Server: 'nginx/1.2',
      'Content-Type': 'text/html',
    });
    createSecureHeaders().apply(headers);
    expect(headers.has('x-powered-by')).toBe(false);
    expect(headers.has('server')).toBe(false);
    expect(headers.get('content-type')).toBe('text/html');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect([...headers.keys()]).toHaveLength(8);
  });

  it('by default the policy replaces values the app set; overwrite: false keeps them', () => {
    const init = { 'Content-Security-Policy': 'default-src *', 'X-Frame-Options': 'SAMEORIGIN' };
    const replaced = new Headers(init);
    createSecureHeaders().apply(replaced);
    expect(replaced.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'",
    );
    expect(replaced.get('x-frame-options')).toBe('DENY');
    const kept = new Headers(init);
    createSecureHeaders({ overwrite: false }).apply(kept);
    expect(kept.get('content-security-policy')).toBe('default-src *');
    expect(kept.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(kept.get('x-content-type-options')).toBe('nosniff');
  });

  it('Cache-Control is only a default: an app value always wins', () => {
    const policy = createSecureHeaders({ preset: 'api' });
    const own = new Headers({ 'Cache-Control': 'public, max-age=300' });
    policy.apply(own);
    expect(own.get('cache-control')).toBe('public, max-age=300');
    const none = new Headers();
    policy.apply(none);
    expect(none.get('cache-control')).toBe('no-store');
  });

  it('secure() returns the same response when it can, a faithful copy when headers are immutable', async () => {
    const policy = createSecureHeaders();
    const plain = new Response('hi');
    expect(policy.secure(plain)).toBe(plain);
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');

    const redirect = Response.redirect('https://example.com/next', 307);
    const secured = policy.secure(redirect);
    expect(secured).not.toBe(redirect);
    expect(secured.status).toBe(307);
    expect(secured.headers.get('location')).toBe('https://example.com/next');
    expect(secured.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains; preload',
    );

    const networkError = Response.error();
    expect(policy.secure(networkError)).toBe(networkError);
  });

  it('secure() writes the given nonce', () => {
    const policy = createSecureHeaders({ contentSecurityPolicy: { scriptSrc: [NONCE] } });
    const response = policy.secure(new Response('x'), { nonce: 'abc' });
    expect(response.headers.get('content-security-policy')).toContain("script-src 'nonce-abc'");
  });
});

describe('SecureHeaders.override (per-route)', () => {
  const base = createSecureHeaders({
    contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] },
    permissionsPolicy: { fullscreen: 'self' },
    reportingEndpoints: { csp: '/csp' },
  });

  it('merges CSP directives, features, endpoints and HSTS fields into the global policy', () => {
    const route = base.override({
      contentSecurityPolicy: { frameAncestors: ['https://partner.example.com'], styleSrc: false },
      permissionsPolicy: { camera: 'self' },
      reportingEndpoints: { audit: 'https://audit.example.com/r' },
      strictTransportSecurity: { maxAge: 63_072_000 },
      xFrameOptions: false,
    });
    expect(new Map(route.headers({ nonce: 'N' }))).toEqual(
      new Map([
        ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains; preload'],
        ['X-Content-Type-Options', 'nosniff'],
        [
          'Content-Security-Policy',
          "default-src 'self'; script-src 'self' 'nonce-N'; frame-ancestors https://partner.example.com",
        ],
        ['X-XSS-Protection', '0'],
        ['Referrer-Policy', 'strict-origin-when-cross-origin'],
        ['Permissions-Policy', 'geolocation=(), microphone=(), camera=(self), fullscreen=(self)'],
        ['Reporting-Endpoints', 'csp="/csp", audit="https://audit.example.com/r"'],
      ]),
    );
  });

  it('leaves the global policy untouched', () => {
    base.override({ xFrameOptions: false, contentSecurityPolicy: false });
    expect(new Map(base.headers({ nonce: 'N' })).get('X-Frame-Options')).toBe('DENY');
    expect(new Map(base.headers({ nonce: 'N' })).get('Content-Security-Policy')).toBe(
      "default-src 'self'; script-src 'self' 'nonce-N'; style-src 'self' 'unsafe-inline'",
    );
  });

  it('validates overrides like options', () => {
    expect(() => base.override({ contentSecurityPolicy: { scriptSrc: ['self'] } })).toThrow(
      /Content-Security-Policy: script-src has the CSP keyword "self" without single quotes/,
    );
  });
});

describe('isSecureHeaders', () => {
  it('recognises policies, not look-alikes', () => {
    expect(isSecureHeaders(createSecureHeaders())).toBe(true);
    expect(isSecureHeaders({ headers: () => [] })).toBe(false);
    expect(isSecureHeaders(null)).toBe(false);
  });
});
