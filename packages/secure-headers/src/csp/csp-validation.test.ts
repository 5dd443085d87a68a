import { describe, it } from 'vitest';
import { expectSecureHeadersError } from '../../test/support/expect-error.js';
import { createSecureHeaders } from '../secure-headers.js';
import { type CspDirectives, NONCE } from './types.js';

const CSP = 'Content-Security-Policy';

describe('Content-Security-Policy: validation errors name the header, the value and the fix', () => {
  const cases: [string, CspDirectives | string, Parameters<typeof expectSecureHeadersError>[1]][] = [
    [
      'unquoted self',
      { scriptSrc: ['self'] },
      { code: 'CSP_UNQUOTED_KEYWORD', header: CSP, value: 'self', fix: `"'self'"` },
    ],
    [
      'unquoted none',
      { objectSrc: ['none'] },
      { code: 'CSP_UNQUOTED_KEYWORD', header: CSP, value: 'none', fix: `"'none'"` },
    ],
    [
      'unquoted unsafe-inline',
      { styleSrc: ['unsafe-inline'] },
      { code: 'CSP_UNQUOTED_KEYWORD', header: CSP, value: 'unsafe-inline', fix: `"'unsafe-inline'"` },
    ],
    [
      'unquoted hash',
      { scriptSrc: [`sha256-${'a'.repeat(43)}=`] },
      { code: 'CSP_UNQUOTED_KEYWORD', header: CSP, value: `sha256-${'a'.repeat(43)}=`, fix: `"'sha256-` },
    ],
    [
      'semicolon in a value',
      { scriptSrc: ["'self'; object-src *"] },
      { code: 'CSP_SEPARATOR_IN_VALUE', header: CSP, value: "'self'; object-src *", fix: 'own array entry' },
    ],
    [
      'comma in a value',
      { imgSrc: ['https://a.example,https://b.example'] },
      {
        code: 'CSP_SEPARATOR_IN_VALUE',
        header: CSP,
        value: 'https://a.example,https://b.example',
        fix: '%2C',
      },
    ],
    [
      'comma in a string policy',
      "default-src 'self', script-src 'none'",
      {
        code: 'CSP_SEPARATOR_IN_VALUE',
        header: CSP,
        value: "default-src 'self', script-src 'none'",
        fix: 'contentSecurityPolicyReportOnly',
      },
    ],
    [
      'unknown directive (object)',
      { scriptsrc: ["'self'"] } as CspDirectives,
      { code: 'CSP_UNKNOWN_DIRECTIVE', header: CSP, value: 'scriptsrc', fix: 'did you mean "scriptSrc"?' },
    ],
    [
      'kebab-case key',
      { 'frame-ancestors': ["'none'"] } as CspDirectives,
      {
        code: 'CSP_UNKNOWN_DIRECTIVE',
        header: CSP,
        value: 'frame-ancestors',
        fix: 'did you mean "frameAncestors"?',
      },
    ],
    [
      'unknown directive (string)',
      "default-src 'self'; scirpt-src 'self'",
      { code: 'CSP_UNKNOWN_DIRECTIVE', header: CSP, value: 'scirpt-src', fix: 'did you mean "script-src"?' },
    ],
    [
      'duplicate directive',
      "script-src 'self'; script-src https:",
      {
        code: 'CSP_DUPLICATE_DIRECTIVE',
        header: CSP,
        value: 'script-src',
        fix: 'merge the sources into one script-src',
      },
    ],
    [
      'unknown quoted keyword',
      { scriptSrc: ["'unsafe-inlined'"] },
      {
        code: 'CSP_UNKNOWN_KEYWORD',
        header: CSP,
        value: "'unsafe-inlined'",
        fix: `did you mean "'unsafe-inline'"?`,
      },
    ],
    [
      'keyword meaningless in a directive',
      { imgSrc: ["'unsafe-eval'"] },
      { code: 'CSP_UNKNOWN_KEYWORD', header: CSP, value: "'unsafe-eval'", fix: "'self', 'none'" },
    ],
    [
      'unsafe-inline in frame-ancestors',
      { frameAncestors: ["'unsafe-inline'"] },
      { code: 'CSP_UNKNOWN_KEYWORD', header: CSP, value: "'unsafe-inline'", fix: "'self', 'none'" },
    ],
    [
      'hash in img-src',
      { imgSrc: [`'sha256-${'a'.repeat(43)}='`] },
      {
        code: 'CSP_UNKNOWN_KEYWORD',
        header: CSP,
        value: `'sha256-${'a'.repeat(43)}='`,
        fix: 'script-src or style-src',
      },
    ],
    [
      "'none' with other sources",
      { scriptSrc: ["'none'", "'self'"] },
      { code: 'CSP_NONE_NOT_ALONE', header: CSP, value: "'none' 'self'", fix: `["'none'"] alone` },
    ],
    [
      'empty source list',
      { scriptSrc: [] },
      { code: 'CSP_EMPTY_SOURCE_LIST', header: CSP, value: '[]', fix: `["'none'"]` },
    ],
    [
      'fixed nonce',
      { scriptSrc: ["'nonce-abc123'"] },
      { code: 'CSP_STATIC_NONCE', header: CSP, value: "'nonce-abc123'", fix: 'NONCE placeholder' },
    ],
    [
      'NONCE where nonces mean nothing',
      { imgSrc: [NONCE] },
      { code: 'CSP_NONCE_NOT_ALLOWED', header: CSP, value: 'NONCE', fix: 'script-src' },
    ],
    [
      'short sha256 hash',
      { scriptSrc: ["'sha256-abc'"] },
      { code: 'CSP_INVALID_HASH', header: CSP, value: "'sha256-abc'", fix: 'openssl dgst -sha256' },
    ],
    [
      'scheme without colon',
      { connectSrc: ['https'] },
      { code: 'CSP_INVALID_SOURCE', header: CSP, value: 'https', fix: '"https:"' },
    ],
    [
      'garbage source',
      { imgSrc: ['https://exa mple.com'] },
      { code: 'CSP_INVALID_SOURCE', header: CSP, value: 'https://exa mple.com', fix: 'own array entry' },
    ],
    [
      'malformed host',
      { imgSrc: ['https://example.com:port'] },
      {
        code: 'CSP_INVALID_SOURCE',
        header: CSP,
        value: 'https://example.com:port',
        fix: 'keywords need single quotes',
      },
    ],
    [
      'non-ASCII host',
      { imgSrc: ['https://bücher.example'] },
      { code: 'INVALID_CHARACTERS', header: CSP, value: 'https://bücher.example', fix: 'punycode' },
    ],
    [
      'flag with a value',
      { upgradeInsecureRequests: 'yes' as unknown as boolean },
      {
        code: 'CSP_INVALID_DIRECTIVE_VALUE',
        header: CSP,
        value: 'yes',
        fix: 'upgradeInsecureRequests: true',
      },
    ],
    [
      'unknown sandbox token',
      { sandbox: ['allow-everything' as 'allow-forms'] },
      { code: 'CSP_INVALID_DIRECTIVE_VALUE', header: CSP, value: 'allow-everything', fix: 'allow-scripts' },
    ],
    [
      'bad report-to name',
      { reportTo: 'CSP Endpoint' },
      { code: 'CSP_INVALID_DIRECTIVE_VALUE', header: CSP, value: 'CSP Endpoint', fix: "reportTo: 'csp'" },
    ],
    [
      'bad report-uri',
      { reportUri: ['/csp reports'] },
      { code: 'CSP_INVALID_DIRECTIVE_VALUE', header: CSP, value: '/csp reports', fix: '"/csp-reports"' },
    ],
    [
      'bad trusted types',
      { requireTrustedTypesFor: ["'style'" as "'script'"] },
      { code: 'CSP_INVALID_DIRECTIVE_VALUE', header: CSP, value: `["'style'"]`, fix: `["'script'"]` },
    ],
    [
      'source list of the wrong type',
      { scriptSrc: 42 as unknown as string[] },
      { code: 'CSP_INVALID_DIRECTIVE_VALUE', header: CSP, value: '42', fix: `scriptSrc` },
    ],
  ];

  for (const [name, contentSecurityPolicy, expected] of cases) {
    it(name, () => {
      expectSecureHeadersError(() => createSecureHeaders({ contentSecurityPolicy }), expected);
    });
  }

  it('report-to must name a declared Reporting-Endpoints entry', () => {
    expectSecureHeadersError(() => createSecureHeaders({ contentSecurityPolicy: { reportTo: 'csp' } }), {
      code: 'CSP_UNKNOWN_REPORT_ENDPOINT',
      header: CSP,
      value: 'csp',
      fix: `reportingEndpoints: { "csp": `,
    });
    expectSecureHeadersError(
      () =>
        createSecureHeaders({
          reportingEndpoints: { other: '/r' },
          contentSecurityPolicyReportOnly: { defaultSrc: ["'self'"], reportTo: 'csp' },
        }),
      {
        code: 'CSP_UNKNOWN_REPORT_ENDPOINT',
        header: 'Content-Security-Policy-Report-Only',
        value: 'csp',
        fix: 'reportingEndpoints',
      },
    );
  });

  it('a policy with every directive dropped is refused', () => {
    expectSecureHeadersError(
      () =>
        createSecureHeaders({
          contentSecurityPolicy: { defaultSrc: false, scriptSrc: false, styleSrc: false },
        }),
      { code: 'INVALID_VALUE', header: CSP, value: '{}', fix: 'set the header to false' },
    );
  });

  it('report-only errors name the report-only header', () => {
    expectSecureHeadersError(
      () => createSecureHeaders({ contentSecurityPolicyReportOnly: 'default-src self' }),
      {
        code: 'CSP_UNQUOTED_KEYWORD',
        header: CSP,
        value: 'self',
        fix: `"'self'"`,
      },
    );
    expectSecureHeadersError(
      () => createSecureHeaders({ contentSecurityPolicyReportOnly: "default-src 'self'; bogus-src x" }),
      {
        code: 'CSP_UNKNOWN_DIRECTIVE',
        header: 'Content-Security-Policy-Report-Only',
        value: 'bogus-src',
        fix: 'MDN',
      },
    );
  });
});
