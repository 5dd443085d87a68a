import { type BetterAuthOptions, betterAuth } from 'better-auth';
import { getIP } from 'better-auth/api';
import { withClientIp } from './client-ip/client-ip-handler.js';
import { registerClientIpResolver } from './client-ip/client-ip-of-auth.js';
import { createClientIpResolver } from './client-ip/client-ip-resolver.js';
import type { ManaAuthConfig } from './config/auth-config.js';
import { createAuthOptions } from './create-auth-options.js';
import { routeAllowList } from './exposure/better-auth-routes.js';
import { withoutTokensInBodies, withRouteAllowList } from './exposure/exposed-routes-handler.js';
import { authLogOf } from './logging/auth-log.js';
import { withRouterErrorLog, withThrownRouterErrors } from './logging/router-errors.js';
import { notifyPlugins } from './mana-hooks.js';
import { withLoginTiming } from './metrics/login-timing.js';
import { authMetricsOf } from './metrics/metrics-plugin.js';
import { limiterCountsOf } from './rate-limits/limiter-counts.js';
import { rateLimitFields, rateLimitPolicyFor } from './rate-limits/rate-limit.js';
import { withOriginRefusalReport } from './refusal-reports/origin-refusal-report.js';
import { withRestApiHttp } from './rest-api/http-contract.js';
import { isDecodablePath, withRequestEdge } from './rest-api/request-edge.js';
import { requestPathname } from './rest-api/request-path.js';
import { betterAuthPathFor, matchRoutes } from './rest-api/routes.js';
import type { ManaRevocationRegistry } from './revocation/create-revocation-registry.js';
import { revocationRegistryOf } from './revocation/revocation-plugin.js';
import { registerCachedSessionAnswer } from './sessions/fast-session/cached-session-lane.js';
import { createFastSessionCheck } from './sessions/fast-session/fast-session-check.js';
import { cachedSessionAnswer, withFastSessionCheck } from './sessions/fast-session/fast-session-handler.js';
import { type ManaAuthSettings, resolveSettings } from './settings/auth-settings.js';
import { withJwksCache } from './tokens/jwks-cache.js';
import { signingKeyStoreOf } from './tokens/signing-keys.js';

/** The Better Auth instance `createAuth` returns, with the settings it resolved. */
export type ManaAuth = ReturnType<typeof betterAuth<ReturnType<typeof createAuthOptions>>> & {
  /** Base path, issuer, audience and lifetimes after defaults; see {@link ManaAuthSettings}. */
  readonly settings: ManaAuthSettings;
  /**
   * Revoked sessions of this instance and, through the broadcast, of every other one on the same
   * database (docs/security.md): memory-only checks (`isTokenRevoked`, `isSessionRevoked`).
   * Started by `createAuth`; `auth.revocations.close()` stops its listener on shutdown (closing
   * the database does too).
   */
  readonly revocations: ManaRevocationRegistry;
};

type FetchHandler = (request: Request) => Promise<Response>;

/** The path below `basePath` (`/` for the base path itself), or the whole path outside it. */
function pathBelow(request: Request, basePath: string): string {
  const pathname = requestPathname(request.url);
  // As Better Auth's limiter keys it: trailing slashes dropped.
  const trimmed = pathname.replace(/\/+$/, '') || '/';
  return trimmed.startsWith(`${basePath}/`)
    ? trimmed.slice(basePath.length)
    : trimmed === basePath
      ? '/'
      : trimmed;
}

/**
 * Gives every limiter refusal a standard `Retry-After` header (Better Auth's limiter only sends
 * `X-Retry-After`) and tells plugins about it, since Better Auth runs no hooks for those
 * requests. A REST path is reported as the Better Auth route it stands for (`/login` as
 * `/sign-in/email`), so observers see one kind of sign-in refusal. Every answer of a limited
 * route carries `RateLimit-Policy`, and a refusal `RateLimit` with `r=0` and the seconds until
 * the window resets (draft-ietf-httpapi-ratelimit-headers), so clients can back off in time.
 */
function withLimiterReport(
  handle: FetchHandler,
  options: BetterAuthOptions,
  config: ManaAuthConfig,
  basePath: string,
): FetchHandler {
  const counts = limiterCountsOf(options.secondaryStorage);
  // The limiter's key is `<ip>|<path>`, as Better Auth's createRateLimitKey builds it.
  const usedOf = (request: Request, path: string) => {
    const used = counts?.take(`${getIP(request, options) ?? 'no-trusted-ip'}|${path}`);
    return used === undefined ? undefined : { used };
  };
  return async (request) => {
    const response = await handle(request);
    const path = pathBelow(request, basePath);
    const policy = rateLimitPolicyFor(config.rateLimit, path);
    const limited = response.status === 429 && !response.headers.has('retry-after');
    if (!limited) {
      if (policy) setHeaders(response, rateLimitFields(policy, usedOf(request, path)));
      return response;
    }
    const retryAfter = response.headers.get('x-retry-after') ?? '60';
    const headers = new Headers(response.headers);
    headers.set('Retry-After', retryAfter);
    if (policy)
      for (const [name, value] of Object.entries(
        rateLimitFields(policy, { retryAfterSeconds: Number(retryAfter) }),
      ))
        headers.set(name, value);
    await notifyPlugins(options.plugins, 'onRateLimited', {
      request,
      path: betterAuthPathFor(path),
      ip: getIP(request, options),
      retryAfterSeconds: Number(retryAfter),
    });
    return new Response(response.body, { status: 429, statusText: response.statusText, headers });
  };
}

/** Sets `fields` on a response's headers (Better Auth's responses have mutable headers). */
function setHeaders(response: Response, fields: Record<string, string>): void {
  for (const [name, value] of Object.entries(fields)) response.headers.set(name, value);
}

/**
 * Creates the configured Better Auth instance: EdDSA JWTs with keys in `auth.jwks`, a JWE
 * cookie cache, 7/30-day remember-me, rate limits, a per-account login lockout and the REST API
 * (`auth.api.login(...)`, ...; docs/api.md). `auth.handler` answers the REST paths by their
 * HTTP contract (405, HEAD, 16 KiB JSON bodies, `{ error: { code, message } }`), gives every
 * limiter refusal a standard `Retry-After` header and tells plugins about it, adds the IETF
 * `RateLimit-Policy`/`RateLimit` fields, answers only the allowed Better Auth routes
 * (`betterAuthRoutes`; others 404) with no session token in any body, and serves `/jwks` from
 * memory with an `ETag`. The limiter and
 * the lockout key on the client IP: the socket address an adapter recorded (`setRemoteAddress`),
 * or, from `clientIp.trustedProxies` only, the forwarded address; without an adapter the IP is
 * unknown and every such request shares one bucket (docs/configuration.md, `clientIp`).
 *
 * @example
 * ```ts
 * const database = await createDatabase(process.env.DATABASE_URL);
 * await migrate(database);
 * const auth = createAuth({ database, secret: process.env.AUTH_SECRET!, baseURL: 'http://localhost:3001' });
 * const response = await auth.handler(request); // mounted at auth.settings.basePath
 * ```
 */
export function createAuth(config: ManaAuthConfig): ManaAuth {
  const options = createAuthOptions(config);
  const settings = resolveSettings(config);
  // createAuthOptions always adds the registry's plugin.
  const revocations = revocationRegistryOf<ManaRevocationRegistry>(options.plugins) as ManaRevocationRegistry;
  // Errors of Better Auth's routes come back here and go to the logger, not to console.error.
  const auth = Object.assign(betterAuth(withThrownRouterErrors(options)), { settings, revocations });
  const { basePath } = settings;
  const router = withRouterErrorLog(auth.handler, authLogOf(options.plugins));
  const reported = withOriginRefusalReport(
    withLimiterReport(router, options, config, basePath),
    options,
    basePath,
  );
  // Better Auth's answers lose any session token on the way out (a response still passing the
  // allow-list); the cached session checks below strip it themselves.
  const routed = withoutTokensInBodies(withRestApiHttp(reported, basePath, settings.maxBodyBytes), basePath);
  // Cached session checks (GET /get-session, GET /session) are answered from the cookies
  // before the router when nothing but the cookie cache would answer them (docs/benchmarks.md).
  const metrics = authMetricsOf(options.plugins);
  const fast = withFastSessionCheck(routed, createFastSessionCheck(auth), basePath, metrics);
  const keys = signingKeyStoreOf(options.plugins);
  const jwks = keys
    ? withJwksCache(fast, basePath, {
        generation: keys.generation,
        maxAgeSeconds: settings.jwksMaxAgeSeconds,
      })
    : fast;
  const allowed = routeAllowList(config.betterAuthRoutes, {
    plugins: config.plugins,
    socialProviders: Object.keys(config.socialProviders ?? {}).length > 0,
  });
  const exposed = withRouteAllowList(jwks, basePath, allowed);
  // Outermost: every layer below (limiter, lockout, audit log) sees the resolved client IP.
  const [ipHeader] = options.advanced.ipAddress.ipAddressHeaders;
  const clientIp = createClientIpResolver(config.clientIp);
  registerClientIpResolver(auth, clientIp); // for requireAuth and the Nest guard's audit rows
  // Bad path encodings and oversized bodies are refused before any router or parser runs.
  const timed = metrics ? withLoginTiming(exposed, metrics, basePath) : exposed;
  const edge = withRequestEdge(timed, settings);
  auth.handler = withClientIp(edge, clientIp, ipHeader!);
  // The same cached answers, for adapters to give before they copy a request to the configured
  // origin: only when no layer above the check could answer otherwise (a base path the edge
  // refuses, `/get-session` outside the allow-list).
  if (isDecodablePath(basePath)) {
    const getSessionAllowed = matchRoutes('/get-session').length > 0 || allowed('/get-session');
    const answer = cachedSessionAnswer(createFastSessionCheck(auth), basePath, metrics, getSessionAllowed);
    registerCachedSessionAnswer(auth.handler, answer);
  }
  return auth;
}
