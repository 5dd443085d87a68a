import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NONCE } from '../../src/csp/types.js';
import type { SecureHeadersOptions } from '../../src/policy/options.js';
import { createSecureHeaders, type SecureHeaders } from '../../src/secure-headers.js';
import { ADAPTERS } from './apps.js';
import { APP_HEADERS, ROUTE_OVERRIDES, ROUTES, type Route, type RunningApp } from './routes.js';

/** Headers the contract compares: everything a policy can set or remove. */
const WATCHED = [
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'content-security-policy',
  'content-security-policy-report-only',
  'x-xss-protection',
  'referrer-policy',
  'permissions-policy',
  'reporting-endpoints',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-permitted-cross-domain-policies',
  'cache-control',
  'clear-site-data',
  'x-powered-by',
  'server',
];

type Observed = {
  status: number;
  headers: Record<string, string>;
  nonce: string | undefined;
  bodyNonce: string | undefined;
};

const NONCE_SOURCE = /'nonce-([A-Za-z0-9+/]{24})'/g;

async function observe(app: RunningApp, route: Route): Promise<Observed> {
  const response = await fetch(app.url + route, {
    method: route === '/logout' ? 'POST' : 'GET',
    redirect: 'manual',
  });
  const body = await response.text();
  const headers: Record<string, string> = {};
  let nonce: string | undefined;
  for (const name of WATCHED) {
    const value = response.headers.get(name);
    if (value === null) continue;
    for (const match of value.matchAll(NONCE_SOURCE)) {
      expect(nonce === undefined || nonce === match[1], 'one nonce per response').toBe(true);
      nonce = match[1];
    }
    headers[name] = value.replace(NONCE_SOURCE, "'nonce-{nonce}'");
  }
  const bodyNonce = /<p id="nonce">([^<]*)<\/p>/.exec(body)?.[1] || undefined;
  return { status: response.status, headers, nonce, bodyNonce };
}

function lower(entries: [string, string][]): Record<string, string> {
  return Object.fromEntries(entries.map(([name, value]) => [name.toLowerCase(), value]));
}

/** What a route must carry, derived from the policy (whose strings the preset tests pin down). */
function expected(policy: SecureHeaders, route: Route, request: Request): Record<string, string> {
  const headers = lower(policy.headers({ nonce: '{nonce}', request }));
  if (route === '/override')
    return lower(policy.override(ROUTE_OVERRIDES).headers({ nonce: '{nonce}', request }));
  if (route === '/logout') headers['clear-site-data'] = '"cache", "cookies", "storage"';
  if (route === '/app-headers') {
    headers['cache-control'] = APP_HEADERS['Cache-Control']!;
    if (policy.headers().every(([name]) => name !== 'X-Frame-Options'))
      headers['x-frame-options'] = 'SAMEORIGIN';
  }
  return headers;
}

const STATUS: Record<Route, number> = {
  '/': 200,
  '/html': 200,
  '/json': 200,
  '/missing': 404,
  '/error': 500,
  '/early': 401,
  '/app-headers': 200,
  '/override': 200,
  '/redirect': 302,
  '/logout': 204,
};

const POLICIES: Record<string, SecureHeadersOptions> = {
  defaults: {},
  owasp: { preset: 'owasp' },
  api: { preset: 'api' },
  nonce: {
    contentSecurityPolicy: { scriptSrc: ["'self'", NONCE], styleSrc: ["'self'", NONCE] },
    contentSecurityPolicyReportOnly: {
      defaultSrc: ["'none'"],
      scriptSrc: [NONCE, "'strict-dynamic'"],
      reportTo: 'csp',
    },
    reportingEndpoints: { csp: '/csp-reports' },
    crossOriginOpenerPolicy: true,
  },
  'localhost HSTS omitted': { strictTransportSecurity: { omitOnPlainHttpLocalhost: true } },
};

for (const [policyName, options] of Object.entries(POLICIES)) {
  describe(`contract: ${policyName}`, () => {
    const policy = createSecureHeaders(options);
    const results: Record<string, Record<string, Observed>> = {};

    beforeAll(async () => {
      for (const [adapter, start] of Object.entries(ADAPTERS)) {
        const app = await start(policy);
        try {
          results[adapter] = {};
          for (const route of ROUTES) results[adapter][route] = await observe(app, route);
        } finally {
          await app.close();
        }
      }
    });

    for (const route of ROUTES) {
      it(`${route}: every adapter sends the policy's exact headers`, () => {
        const want = expected(policy, route, new Request('http://127.0.0.1/'));
        for (const adapter of Object.keys(ADAPTERS)) {
          const got = results[adapter]![route]!;
          expect({ adapter, status: got.status }).toEqual({ adapter, status: STATUS[route] });
          expect({ adapter, headers: got.headers }).toEqual({ adapter, headers: want });
          expect(got.nonce === undefined, `${adapter}: nonce present iff the policy uses one`).toBe(
            !policy.usesNonce,
          );
          if (
            got.bodyNonce !== undefined ||
            (policy.usesNonce && (route === '/html' || route === '/override'))
          ) {
            expect(got.bodyNonce, `${adapter}: the handler got the header's nonce`).toBe(got.nonce);
          }
        }
      });
    }

    it('all adapters agree header for header', () => {
      const [first, ...rest] = Object.keys(ADAPTERS);
      for (const adapter of rest) {
        for (const route of ROUTES) {
          expect({ adapter, route, headers: results[adapter]![route]!.headers }).toEqual({
            adapter,
            route,
            headers: results[first!]![route]!.headers,
          });
        }
      }
    });
  });
}

describe('contract: defaults, literal strings', () => {
  let apps: [string, RunningApp][] = [];
  beforeAll(async () => {
    apps = await Promise.all(
      Object.entries(ADAPTERS).map(
        async ([name, start]) => [name, await start(createSecureHeaders())] as [string, RunningApp],
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(apps.map(([, app]) => app.close()));
  });

  it('a 404 from each framework carries the spec headers verbatim and no X-Powered-By', async () => {
    for (const [adapter, app] of apps) {
      const got = await observe(app, '/missing');
      expect({ adapter, headers: got.headers }).toEqual({
        adapter,
        headers: {
          'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'content-security-policy':
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'",
          'x-xss-protection': '0',
          'referrer-policy': 'strict-origin-when-cross-origin',
          'permissions-policy': 'geolocation=(), microphone=(), camera=()',
        },
      });
    }
  });
});

describe('contract: HEAD answers carry the headers of their GET', () => {
  const policy = createSecureHeaders();
  for (const [adapter, start] of Object.entries(ADAPTERS)) {
    it(adapter, async () => {
      const app = await start(policy);
      try {
        // '/json' is a route's own answer, '/missing' the framework's not-found answer.
        for (const route of ['/json', '/missing'] as const) {
          const head = await fetch(app.url + route, { method: 'HEAD' });
          const want = expected(policy, route, new Request('http://127.0.0.1/'));
          const got = Object.fromEntries(Object.keys(want).map((name) => [name, head.headers.get(name)]));
          expect({ adapter, route, headers: got }).toEqual({ adapter, route, headers: want });
        }
      } finally {
        await app.close();
      }
    });
  }
});

describe('contract: overwrite: false keeps what the app set', () => {
  const policy = createSecureHeaders({ overwrite: false });
  for (const [adapter, start] of Object.entries(ADAPTERS)) {
    it(adapter, async () => {
      const app = await start(policy);
      try {
        const got = await observe(app, '/app-headers');
        expect(got.headers).toEqual({
          'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'content-security-policy': 'default-src *',
          'x-xss-protection': '0',
          'referrer-policy': 'strict-origin-when-cross-origin',
          'permissions-policy': 'geolocation=(), microphone=(), camera=()',
          'cache-control': 'public, max-age=60',
        });
      } finally {
        await app.close();
      }
    });
  }
});
