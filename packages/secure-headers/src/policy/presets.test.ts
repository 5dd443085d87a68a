import { describe, expect, it } from 'vitest';
import { createSecureHeaders } from '../secure-headers.js';

const SPEC_HEADERS: [string, string][] = [
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains; preload'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'"],
  ['X-XSS-Protection', '0'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Permissions-Policy', 'geolocation=(), microphone=(), camera=()'],
];

const OWASP_PERMISSIONS =
  'accelerometer=(), autoplay=(), camera=(), cross-origin-isolated=(), display-capture=(), encrypted-media=(), ' +
  'fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(), magnetometer=(), microphone=(), midi=(), ' +
  'payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(self), usb=(), ' +
  'web-share=(), xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(), gamepad=(), hid=(), ' +
  'idle-detection=(), interest-cohort=(), serial=(), unload=()';

describe('presets', () => {
  it('defaults are the spec’s seven headers with its exact values, in its order', () => {
    const policy = createSecureHeaders();
    expect(policy.preset).toBe('default');
    expect(policy.headers()).toEqual(SPEC_HEADERS);
    expect(policy.removedHeaders).toEqual(['X-Powered-By', 'Server']);
    expect(policy.usesNonce).toBe(false);
  });

  it("'default' named explicitly is the same policy", () => {
    expect(createSecureHeaders({ preset: 'default' }).headers()).toEqual(SPEC_HEADERS);
  });

  it('owasp is the OWASP Secure Headers Project list', () => {
    expect(createSecureHeaders({ preset: 'owasp' }).headers()).toEqual([
      ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
      ['X-Content-Type-Options', 'nosniff'],
      ['X-Frame-Options', 'DENY'],
      [
        'Content-Security-Policy',
        "default-src 'self'; form-action 'self'; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests; block-all-mixed-content",
      ],
      ['X-XSS-Protection', '0'],
      ['Referrer-Policy', 'no-referrer'],
      ['Permissions-Policy', OWASP_PERMISSIONS],
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      ['Cross-Origin-Embedder-Policy', 'require-corp'],
      ['Cross-Origin-Resource-Policy', 'same-origin'],
      ['X-DNS-Prefetch-Control', 'off'],
      ['X-Permitted-Cross-Domain-Policies', 'none'],
      ['Cache-Control', 'no-store, max-age=0'],
    ]);
  });

  it('api locks down rendering, framing and caching', () => {
    expect(createSecureHeaders({ preset: 'api' }).headers()).toEqual([
      ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains; preload'],
      ['X-Content-Type-Options', 'nosniff'],
      ['X-Frame-Options', 'DENY'],
      ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
      ['X-XSS-Protection', '0'],
      ['Referrer-Policy', 'no-referrer'],
      ['Cross-Origin-Resource-Policy', 'same-origin'],
      ['X-Permitted-Cross-Domain-Policies', 'none'],
      ['Cache-Control', 'no-store'],
    ]);
  });
});

describe('per-header settings: off, preset value, custom value', () => {
  const value = (options: Parameters<typeof createSecureHeaders>[0], name: string) =>
    new Map(createSecureHeaders(options).headers()).get(name);

  it('false turns a header off and leaves the others alone', () => {
    const headers = createSecureHeaders({ xXssProtection: false, permissionsPolicy: false }).headers();
    expect(headers).toEqual(
      SPEC_HEADERS.filter(([name]) => name !== 'X-XSS-Protection' && name !== 'Permissions-Policy'),
    );
  });

  it("true keeps the preset's value", () => {
    expect(createSecureHeaders({ xFrameOptions: true, referrerPolicy: true }).headers()).toEqual(
      SPEC_HEADERS,
    );
  });

  it('true on a header the preset leaves off uses the recommended (OWASP) value', () => {
    expect(value({ crossOriginOpenerPolicy: true }, 'Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(value({ crossOriginEmbedderPolicy: true }, 'Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(value({ crossOriginResourcePolicy: true }, 'Cross-Origin-Resource-Policy')).toBe('same-origin');
    expect(value({ originAgentCluster: true }, 'Origin-Agent-Cluster')).toBe('?1');
    expect(value({ xDnsPrefetchControl: true }, 'X-DNS-Prefetch-Control')).toBe('off');
    expect(value({ xPermittedCrossDomainPolicies: true }, 'X-Permitted-Cross-Domain-Policies')).toBe('none');
    expect(value({ cacheControl: true }, 'Cache-Control')).toBe('no-store, max-age=0');
    expect(value({ preset: 'api', permissionsPolicy: true }, 'Permissions-Policy')).toBe(OWASP_PERMISSIONS);
    expect(value({ preset: 'api', referrerPolicy: true }, 'Referrer-Policy')).toBe('no-referrer');
    expect(value({ contentSecurityPolicyReportOnly: true }, 'Content-Security-Policy-Report-Only')).toBe(
      "default-src 'self'; form-action 'self'; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests; block-all-mixed-content",
    );
    expect(value({ contentSecurityPolicy: false }, 'Content-Security-Policy')).toBeUndefined();
    expect(
      value({ contentSecurityPolicy: false, strictTransportSecurity: false }, 'Strict-Transport-Security'),
    ).toBe(undefined);
    expect(value({ strictTransportSecurity: false }, 'Strict-Transport-Security')).toBeUndefined();
  });

  it('true on HSTS and CSP when a preset turned them off brings the recommended values back', () => {
    const policy = createSecureHeaders({ strictTransportSecurity: false }).override({
      strictTransportSecurity: true,
    });
    expect(new Map(policy.headers()).get('Strict-Transport-Security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
    const csp = createSecureHeaders({ contentSecurityPolicy: false }).override({
      contentSecurityPolicy: true,
    });
    expect(new Map(csp.headers()).get('Content-Security-Policy')).toBe(
      "default-src 'self'; form-action 'self'; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests; block-all-mixed-content",
    );
  });

  it('custom values replace the preset value, case-normalised', () => {
    expect(value({ xFrameOptions: 'sameorigin' as 'SAMEORIGIN' }, 'X-Frame-Options')).toBe('SAMEORIGIN');
    expect(
      value({ referrerPolicy: ['no-referrer', 'strict-origin-when-cross-origin'] }, 'Referrer-Policy'),
    ).toBe('no-referrer, strict-origin-when-cross-origin');
    expect(value({ crossOriginOpenerPolicy: 'same-origin-allow-popups' }, 'Cross-Origin-Opener-Policy')).toBe(
      'same-origin-allow-popups',
    );
    expect(value({ crossOriginEmbedderPolicy: 'credentialless' }, 'Cross-Origin-Embedder-Policy')).toBe(
      'credentialless',
    );
    expect(value({ crossOriginResourcePolicy: 'cross-origin' }, 'Cross-Origin-Resource-Policy')).toBe(
      'cross-origin',
    );
    expect(value({ originAgentCluster: '?0' }, 'Origin-Agent-Cluster')).toBe('?0');
    expect(value({ xDnsPrefetchControl: 'on' }, 'X-DNS-Prefetch-Control')).toBe('on');
    expect(value({ xPermittedCrossDomainPolicies: 'master-only' }, 'X-Permitted-Cross-Domain-Policies')).toBe(
      'master-only',
    );
    expect(value({ cacheControl: 'no-store,private' }, 'Cache-Control')).toBe('no-store, private');
    expect(
      value({ reportingEndpoints: { csp: '/reports', main: 'https://r.example/x' } }, 'Reporting-Endpoints'),
    ).toBe('csp="/reports", main="https://r.example/x"');
  });

  it('removeHeaders is configurable', () => {
    expect(
      createSecureHeaders({ removeHeaders: ['X-Powered-By', 'X-AspNet-Version'] }).removedHeaders,
    ).toEqual(['X-Powered-By', 'X-AspNet-Version']);
    expect(createSecureHeaders({ removeHeaders: false }).removedHeaders).toEqual([]);
  });
});
