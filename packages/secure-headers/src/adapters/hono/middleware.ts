import type { Context, MiddlewareHandler } from 'hono';
import { CLEAR_SITE_DATA, type ClearSiteDataType, clearSiteData } from '../../headers/clear-site-data.js';
import { generateNonce } from '../../nonce.js';
import { applyToResponse } from '../../policy/apply-headers.js';
import type { CompiledPolicy } from '../../policy/compile-policy.js';
import type { SecureHeadersOptions, SecureHeadersOverrides } from '../../policy/options.js';
import { compiledForRequest, compiledOf, type SecureHeaders, toPolicy } from '../../secure-headers.js';

interface HonoState {
  policy: CompiledPolicy;
  nonce: string | undefined;
}

/** Per-request state lives on the request's Context under this key (cheaper than a WeakMap). */
const STATE = Symbol.for('@mana/secure-headers.hono-state');
type WithState = Context & { [STATE]?: HonoState };

/**
 * Context variables set by the middleware. Declare them on your app to read the nonce with types:
 * `new Hono<{ Variables: SecureHeadersVariables }>()`.
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: SecureHeadersVariables }>();
 * app.get('/', (c) => c.html(`<script nonce="${c.get('cspNonce')}">start()</script>`));
 * ```
 */
export interface SecureHeadersVariables {
  /** This response's nonce; `undefined` when the policy uses none. */
  cspNonce: string | undefined;
}

/**
 * The Hono middleware returned by {@link secureHeaders}, with its policy and a per-route override factory.
 *
 * @example
 * ```ts
 * const headers: HonoSecureHeaders = secureHeaders();
 * app.get('/embed', headers.route({ xFrameOptions: false }), (c) => c.text('ok'));
 * ```
 */
export interface HonoSecureHeaders extends MiddlewareHandler<{ Variables: SecureHeadersVariables }> {
  /** The compiled policy this middleware applies. */
  readonly policy: SecureHeaders;
  /** A middleware for one route: the overrides merged into this policy, compiled now. */
  route(overrides: SecureHeadersOverrides): HonoSecureHeaders;
}

function applyTo(c: Context, state: HonoState): void {
  const res = c.res;
  const secured = applyToResponse(state.policy, res, state.nonce);
  // A copy means the headers were immutable (e.g. a proxied fetch() response).
  if (secured !== res) c.res = secured;
  // Hono answers HEAD with `new Response(null, res)`. Under @hono/node-server that copy starts
  // from the init the GET answer was created with, before the headers above were added, so a
  // HEAD answer lost them: hand Hono a response whose init already holds every header.
  // Headers are read first and nothing else: under @hono/node-server, reading e.g. `statusText`
  // rebuilds the response from that first init too.
  if (c.req.raw.method === 'HEAD') {
    const headers = new Headers(c.res.headers);
    c.res = new Response(null, { status: c.res.status, headers });
  }
}

/**
 * Security headers for Hono. Headers are set after the rest of the chain has run, so they reach
 * every response: handlers, `notFound`, `onError`, and responses returned early by later
 * middleware. Mount it first (`app.use(secureHeaders())`). A second `secureHeaders()` or
 * `.route()` further down replaces the policy for the requests it sees; all share one nonce.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { NONCE } from '@mana/secure-headers';
 * import { secureHeaders, type SecureHeadersVariables } from '@mana/secure-headers/hono';
 *
 * const app = new Hono<{ Variables: SecureHeadersVariables }>();
 * app.use(secureHeaders({ contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] } }));
 * app.get('/', (c) => c.html(`<script nonce="${c.get('cspNonce')}">start()</script>`));
 * ```
 */
export function secureHeaders(policyOrOptions?: SecureHeaders | SecureHeadersOptions): HonoSecureHeaders {
  const policy = toPolicy(policyOrOptions);
  const compiled = compiledOf(policy);
  const variant = compiled.plainHttpLocalhost !== undefined;
  const middleware: MiddlewareHandler<{ Variables: SecureHeadersVariables }> = async (c, next) => {
    const chosen = variant ? compiledForRequest(compiled, c.req.raw) : compiled;
    const existing = (c as WithState)[STATE];
    if (existing !== undefined) {
      existing.policy = chosen;
      if (compiled.usesNonce && existing.nonce === undefined) {
        existing.nonce = generateNonce();
        c.set('cspNonce', existing.nonce);
      }
      await next();
      return;
    }
    const state: HonoState = { policy: chosen, nonce: compiled.usesNonce ? generateNonce() : undefined };
    (c as WithState)[STATE] = state;
    if (state.nonce !== undefined) c.set('cspNonce', state.nonce);
    await next();
    applyTo(c, state);
  };
  return Object.assign(middleware, {
    policy,
    route: (overrides: SecureHeadersOverrides) => secureHeaders(policy.override(overrides)),
  });
}

/**
 * Adds `Clear-Site-Data` to the Hono response, typically on logout (default
 * `"cache", "cookies", "storage"`).
 *
 * @example
 * ```ts
 * app.post('/logout', (c) => {
 *   setClearSiteData(c);
 *   return c.body(null, 204);
 * });
 * ```
 */
export function setClearSiteData(c: Context, types?: readonly ClearSiteDataType[]): void {
  c.header(CLEAR_SITE_DATA, clearSiteData(types));
}
