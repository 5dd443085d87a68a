import { readFileSync } from 'node:fs';
import { createServer, get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureHeaders } from '../src/adapters/node/index.js';
import { NONCE } from '../src/csp/types.js';
import type { SecureHeadersOptions } from '../src/policy/options.js';
import { scoreObservatory } from './observatory/score.js';

const cert = readFileSync(new URL('./fixtures/localhost-cert.pem', import.meta.url));
const key = readFileSync(new URL('./fixtures/localhost-key.pem', import.meta.url));

const PAGE = '<!doctype html><html><head><script src="/app.js"></script></head><body>hi</body></html>';

/** Serves PAGE over HTTPS behind one policy per path and returns the response headers it sent. */
const POLICIES: Record<string, SecureHeadersOptions> = {
  '/default': {},
  '/owasp': { preset: 'owasp' },
  '/api': { preset: 'api' },
  '/nonce': { contentSecurityPolicy: { scriptSrc: ["'self'", NONCE], styleSrc: ["'self'", NONCE] } },
  '/unsafe': { contentSecurityPolicy: { scriptSrc: ["'self'", "'unsafe-inline'"] } },
  '/bare': {
    contentSecurityPolicy: false,
    strictTransportSecurity: false,
    xFrameOptions: false,
    xContentTypeOptions: false,
    referrerPolicy: false,
  },
};

describe('MDN HTTP Observatory grade, served over HTTPS', () => {
  let origin: string;
  let server: ReturnType<typeof createServer>;

  beforeAll(async () => {
    const middleware = Object.fromEntries(
      Object.entries(POLICIES).map(([path, options]) => [path, secureHeaders(options)]),
    );
    server = createServer({ cert, key }, (req, res) => {
      middleware[req.url ?? '']?.(req, res);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** GETs a path with certificate verification on (our self-signed CA trusted). */
  function headersOf(path: string): Promise<Headers> {
    return new Promise((resolve, reject) => {
      get(
        `${origin}${path}`,
        { ca: cert, lookup: (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]) },
        (res) => {
          expect((res.socket as import('node:tls').TLSSocket).authorized).toBe(true);
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : [value ?? '']) headers.append(name, v);
          }
          res.resume();
          res.on('end', () => resolve(headers));
        },
      ).on('error', reject);
    });
  }

  const score = async (path: string, https = true) =>
    scoreObservatory({
      headers: await headersOf(path),
      https,
      subresourceIntegrity: 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin',
    });

  it('defaults (the spec headers) grade A+ (105)', async () => {
    const result = await score('/default');
    expect(result.grade).toBe('A+');
    expect(result.score).toBe(105);
    expect(result.tests['content-security-policy']!.result).toBe(
      'csp-implemented-with-unsafe-inline-in-style-src-only',
    );
    expect(result.tests['strict-transport-security']!.result).toBe(
      'hsts-implemented-max-age-at-least-six-months',
    );
    expect(result.tests['x-frame-options']!.result).toBe('x-frame-options-sameorigin-or-deny');
    expect(result.tests['referrer-policy']!.result).toBe('referrer-policy-private');
    expect(Object.values(result.tests).every((test) => test.pass)).toBe(true);
  });

  it('owasp grades A+ (125): no unsafe CSP, frame-ancestors, private referrer, CORP', async () => {
    const result = await score('/owasp');
    expect({ grade: result.grade, score: result.score }).toEqual({ grade: 'A+', score: 125 });
    expect(result.tests['content-security-policy']!.result).toBe('csp-implemented-with-no-unsafe');
    expect(result.tests['x-frame-options']!.result).toBe('x-frame-options-implemented-via-csp');
    expect(result.tests['cross-origin-resource-policy']!.result).toBe('corp-implemented-with-same-origin');
  });

  it("api grades A+ (130): default-src 'none'", async () => {
    const result = await score('/api');
    expect({ grade: result.grade, score: result.score }).toEqual({ grade: 'A+', score: 130 });
    expect(result.tests['content-security-policy']!.result).toBe(
      'csp-implemented-with-no-unsafe-default-src-none',
    );
  });

  it('a nonce-based script policy keeps A+', async () => {
    const result = await score('/nonce');
    expect(result.grade).toBe('A+');
    expect(result.tests['content-security-policy']!.result).toBe('csp-implemented-with-no-unsafe');
  });

  it("the scorer fails what it should: 'unsafe-inline' scripts drop to B+", async () => {
    const result = await score('/unsafe');
    expect(result.tests['content-security-policy']!.result).toBe('csp-implemented-with-unsafe-inline');
    expect({ grade: result.grade, score: result.score }).toEqual({ grade: 'B+', score: 80 });
  });

  it('the scorer fails what it should: no headers is a D, plain HTTP loses A+', async () => {
    const bare = await score('/bare');
    expect({ grade: bare.grade, score: bare.score }).toEqual({ grade: 'D', score: 30 });
    const http = await score('/default', false);
    expect(http.tests['strict-transport-security']!.result).toBe('hsts-not-implemented-no-https');
    expect(http.grade).not.toBe('A+');
  });
});
