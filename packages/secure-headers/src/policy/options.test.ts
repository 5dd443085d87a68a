import { describe, expect, it } from 'vitest';
import { expectSecureHeadersError } from '../../test/support/expect-error.js';
import { createSecureHeaders } from '../secure-headers.js';
import type { SecureHeadersOptions } from './options.js';

const create = (options: unknown) => () => createSecureHeaders(options as SecureHeadersOptions);

describe('option validation', () => {
  it('unknown options are refused with a suggestion', () => {
    expectSecureHeadersError(create({ contentSecurityPolicyy: {} }), {
      code: 'UNKNOWN_OPTION',
      header: 'contentSecurityPolicyy',
      value: 'contentSecurityPolicyy',
      fix: 'did you mean "contentSecurityPolicy"?',
    });
    expectSecureHeadersError(create({ hsts: true }), {
      code: 'UNKNOWN_OPTION',
      header: 'hsts',
      value: 'hsts',
      fix: 'SecureHeadersOptions',
    });
    expectSecureHeadersError(create({ xFrameOption: undefined }), {
      code: 'UNKNOWN_OPTION',
      header: 'xFrameOption',
      value: 'xFrameOption',
      fix: 'did you mean "xFrameOptions"?',
    });
    expectSecureHeadersError(create({ frameguard: 'DENY' }), {
      code: 'UNKNOWN_OPTION',
      header: 'frameguard',
      value: 'frameguard',
      fix: 'SecureHeadersOptions',
    });
  });

  it('unknown presets are refused', () => {
    expectSecureHeadersError(create({ preset: 'owsap' }), {
      code: 'UNKNOWN_PRESET',
      header: 'preset',
      value: 'owsap',
      fix: 'did you mean "owasp"?',
    });
  });

  it('Referrer-Policy tokens are checked', () => {
    expectSecureHeadersError(create({ referrerPolicy: 'strict-origin-when-crossorigin' }), {
      code: 'REFERRER_POLICY_INVALID',
      header: 'Referrer-Policy',
      value: 'strict-origin-when-crossorigin',
      fix: 'did you mean "strict-origin-when-cross-origin"?',
    });
    expectSecureHeadersError(create({ referrerPolicy: ['no-referrer', 'never'] }), {
      code: 'REFERRER_POLICY_INVALID',
      header: 'Referrer-Policy',
      value: 'never',
      fix: 'Valid tokens: no-referrer',
    });
    expectSecureHeadersError(create({ referrerPolicy: [] }), {
      code: 'REFERRER_POLICY_INVALID',
      header: 'Referrer-Policy',
      value: '',
      fix: 'strict-origin-when-cross-origin',
    });
  });

  it('one-token headers accept only their values', () => {
    const cases: [string, string, string, string][] = [
      ['xFrameOptions', 'ALLOW-FROM https://a.example', 'X-Frame-Options', 'frameAncestors'],
      ['xFrameOptions', 'DENNY', 'X-Frame-Options', 'did you mean "DENY"?'],
      ['xContentTypeOptions', 'nosnif', 'X-Content-Type-Options', 'did you mean "nosniff"?'],
      ['xXssProtection', '1; mode=block', 'X-XSS-Protection', 'legacy XSS auditor'],
      ['crossOriginOpenerPolicy', 'same-orign', 'Cross-Origin-Opener-Policy', 'did you mean "same-origin"?'],
      [
        'crossOriginEmbedderPolicy',
        'require-cors',
        'Cross-Origin-Embedder-Policy',
        'did you mean "require-corp"?',
      ],
      [
        'crossOriginResourcePolicy',
        'same-sight',
        'Cross-Origin-Resource-Policy',
        'did you mean "same-site"?',
      ],
      ['originAgentCluster', '1', 'Origin-Agent-Cluster', '?1'],
      ['xDnsPrefetchControl', 'false', 'X-DNS-Prefetch-Control', 'on, off'],
      ['xPermittedCrossDomainPolicies', 'nothing', 'X-Permitted-Cross-Domain-Policies', 'none'],
    ];
    for (const [option, value, header, fix] of cases) {
      expectSecureHeadersError(create({ [option]: value }), { code: 'INVALID_VALUE', header, value, fix });
    }
  });

  it('Cache-Control must be a directive list without line breaks', () => {
    expectSecureHeadersError(create({ cacheControl: 'no-store\r\nSet-Cookie: a=b' }), {
      code: 'INVALID_VALUE',
      header: 'Cache-Control',
      value: 'no-store\r\nSet-Cookie: a=b',
      fix: '"no-store"',
    });
  });

  it('Reporting-Endpoints names and URLs are checked', () => {
    expectSecureHeadersError(create({ reportingEndpoints: { 'CSP Reports': '/r' } }), {
      code: 'REPORTING_ENDPOINT_INVALID',
      header: 'Reporting-Endpoints',
      value: 'CSP Reports',
      fix: '"csp-endpoint"',
    });
    expectSecureHeadersError(create({ reportingEndpoints: { csp: 'http://reports.example.com/csp' } }), {
      code: 'REPORTING_ENDPOINT_INVALID',
      header: 'Reporting-Endpoints',
      value: 'http://reports.example.com/csp',
      fix: 'https://',
    });
    expectSecureHeadersError(create({ reportingEndpoints: { csp: 'https://a.example/"x"' } }), {
      code: 'REPORTING_ENDPOINT_INVALID',
      header: 'Reporting-Endpoints',
      value: 'https://a.example/"x"',
      fix: 'absolute https:// URL',
    });
    expect(
      new Map(createSecureHeaders({ reportingEndpoints: { dev: 'http://localhost:9000/r' } }).headers()).get(
        'Reporting-Endpoints',
      ),
    ).toBe('dev="http://localhost:9000/r"');
  });

  it('removeHeaders and overwrite are type-checked', () => {
    expectSecureHeadersError(create({ removeHeaders: ['X-Powered-By', 'bad header'] }), {
      code: 'INVALID_VALUE',
      header: 'removeHeaders',
      value: '["X-Powered-By","bad header"]',
      fix: "['X-Powered-By', 'Server']",
    });
    expectSecureHeadersError(create({ overwrite: 'yes' }), {
      code: 'INVALID_VALUE',
      header: 'overwrite',
      value: 'yes',
      fix: 'true or false',
    });
  });

  it('a route override cannot switch preset', () => {
    expectSecureHeadersError(() => createSecureHeaders().override({ preset: 'api' } as never), {
      code: 'UNKNOWN_OPTION',
      header: 'preset',
      value: 'api',
      fix: 'createSecureHeaders({ preset })',
    });
  });
});
