import { describe, expect, it } from 'vitest';
import { expectSecureHeadersError } from '../../test/support/expect-error.js';
import { createSecureHeaders } from '../secure-headers.js';
import { type CspDirectives, NONCE } from './types.js';

const CSP = 'Content-Security-Policy';
const csp = (policy: Parameters<typeof createSecureHeaders>[0], nonce?: string) =>
  new Map(createSecureHeaders(policy).headers({ nonce })).get(CSP);

describe('Content-Security-Policy: typed directives', () => {
  it('an object merges into the preset directive by directive, keeping positions', () => {
    expect(csp({ contentSecurityPolicy: { scriptSrc: ["'self'", 'https://cdn.example.com'] } })).toBe(
      "default-src 'self'; script-src 'self' https://cdn.example.com; style-src 'self' 'unsafe-inline'",
    );
  });

  it('new directives are appended; false drops a directive', () => {
    expect(
      csp({
        contentSecurityPolicy: {
          styleSrc: false,
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: true,
        },
      }),
    ).toBe(
      "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests",
    );
  });

  it('serialises every directive kind', () => {
    const directives: CspDirectives = {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'", "'strict-dynamic'", `'sha256-${'A'.repeat(43)}='`],
      scriptSrcElem: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      styleSrcElem: ["'self'"],
      styleSrcAttr: ["'unsafe-hashes'", `'sha384-${'b'.repeat(64)}'`],
      imgSrc: ["'self'", 'data:', 'https://*.example.com'],
      fontSrc: ['https://fonts.example.com:443/fonts/'],
      connectSrc: ["'self'", 'wss://live.example.com'],
      mediaSrc: ['*'],
      objectSrc: ["'none'"],
      frameSrc: ['https://www.youtube-nocookie.com'],
      childSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      manifestSrc: ["'self'"],
      fencedFrameSrc: ['https:'],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'", 'https://partner.example.com'],
      sandbox: ['allow-scripts', 'allow-forms'],
      upgradeInsecureRequests: true,
      blockAllMixedContent: true,
      reportUri: ['/csp', 'https://r.example.com/csp'],
      reportTo: 'csp',
      requireTrustedTypesFor: ["'script'"],
      trustedTypes: ['default', "'allow-duplicates'"],
    };
    expect(csp({ contentSecurityPolicy: `default-src 'none'`, reportingEndpoints: { csp: '/r' } })).toBe(
      "default-src 'none'",
    );
    const value = createSecureHeaders({
      contentSecurityPolicy: false,
      contentSecurityPolicyReportOnly: directives,
      reportingEndpoints: { csp: 'https://r.example.com/reports' },
    }).headers();
    expect(new Map(value).get('Content-Security-Policy-Report-Only')).toBe(
      [
        "default-src 'none'",
        `script-src 'self' 'strict-dynamic' 'sha256-${'A'.repeat(43)}='`,
        "script-src-elem 'self'",
        "script-src-attr 'none'",
        "style-src 'self'",
        "style-src-elem 'self'",
        `style-src-attr 'unsafe-hashes' 'sha384-${'b'.repeat(64)}'`,
        "img-src 'self' data: https://*.example.com",
        'font-src https://fonts.example.com:443/fonts/',
        "connect-src 'self' wss://live.example.com",
        'media-src *',
        "object-src 'none'",
        'frame-src https://www.youtube-nocookie.com',
        "child-src 'self'",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        'fenced-frame-src https:',
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self' https://partner.example.com",
        'sandbox allow-scripts allow-forms',
        'upgrade-insecure-requests',
        'block-all-mixed-content',
        'report-uri /csp https://r.example.com/csp',
        'report-to csp',
        "require-trusted-types-for 'script'",
        "trusted-types default 'allow-duplicates'",
      ].join('; '),
    );
    expect(new Map(value).has(CSP)).toBe(false);
  });

  it('a bare sandbox, keyword case and duplicate sources are normalised', () => {
    expect(csp({ contentSecurityPolicy: { sandbox: true, scriptSrc: ["'SELF'", "'self'", 'https:'] } })).toBe(
      "default-src 'self'; script-src 'self' https:; style-src 'self' 'unsafe-inline'; sandbox",
    );
  });

  it('accepts a space-separated string for one directive', () => {
    expect(csp({ contentSecurityPolicy: { imgSrc: "'self' data:" as unknown as string[] } })).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
    );
  });
});

describe('Content-Security-Policy: strings', () => {
  it('a string replaces the policy and round-trips exactly', () => {
    const policy =
      "default-src 'self'; img-src 'self' https://img.example.com; upgrade-insecure-requests; report-uri /csp";
    expect(csp({ contentSecurityPolicy: policy })).toBe(policy);
  });

  it('directive names are case-insensitive and extra spaces are tidied', () => {
    expect(csp({ contentSecurityPolicy: "  Default-Src   'self' ;;  SANDBOX ; " })).toBe(
      "default-src 'self'; sandbox",
    );
  });

  it('strings get the same validation as objects', () => {
    expectSecureHeadersError(() => createSecureHeaders({ contentSecurityPolicy: 'default-src self' }), {
      code: 'CSP_UNQUOTED_KEYWORD',
      header: CSP,
      value: 'self',
      fix: `"'self'"`,
    });
  });
});

describe('Content-Security-Policy: nonces', () => {
  it('NONCE becomes a fresh nonce source per response, in every directive that lists it', () => {
    const policy = createSecureHeaders({
      contentSecurityPolicy: { scriptSrc: ["'self'", NONCE], styleSrc: ["'self'", NONCE] },
      contentSecurityPolicyReportOnly: { defaultSrc: ["'none'"], scriptSrc: [NONCE, "'strict-dynamic'"] },
    });
    expect(policy.usesNonce).toBe(true);
    const headers = new Map(policy.headers({ nonce: 'n0nc3' }));
    expect(headers.get(CSP)).toBe(
      "default-src 'self'; script-src 'self' 'nonce-n0nc3'; style-src 'self' 'nonce-n0nc3'",
    );
    expect(headers.get('Content-Security-Policy-Report-Only')).toBe(
      "default-src 'none'; script-src 'nonce-n0nc3' 'strict-dynamic'",
    );
  });

  it('generates a new nonce each time when none is given', () => {
    const policy = createSecureHeaders({ contentSecurityPolicy: { scriptSrc: [NONCE] } });
    const a = new Map(policy.headers()).get(CSP);
    const b = new Map(policy.headers()).get(CSP);
    expect(a).toMatch(/^default-src 'self'; script-src 'nonce-[A-Za-z0-9+/]{24}'; style-src/);
    expect(a).not.toBe(b);
    expect(policy.nonce()).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(createSecureHeaders().nonce()).toBeUndefined();
  });

  it('NONCE in default-src is allowed (it is the fallback for scripts and styles)', () => {
    expect(csp({ contentSecurityPolicy: { defaultSrc: ["'self'", NONCE] } }, 'x')).toBe(
      "default-src 'self' 'nonce-x'; script-src 'self'; style-src 'self' 'unsafe-inline'",
    );
  });
});

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
