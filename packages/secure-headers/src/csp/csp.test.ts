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
