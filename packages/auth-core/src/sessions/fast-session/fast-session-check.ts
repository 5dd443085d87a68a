import { createExpiringCache } from '@mana/internal';
import type { BetterAuthPlugin } from 'better-auth';
import type { RevocationRegistry } from '../../revocation/revocation-registry.js';
import { type AbsoluteSessionLifetime, findAbsoluteLifetime, sessionDeadline } from '../absolute-lifetime.js';
import { cookieCacheKey, signedCookieVerifier } from './cookie-cache-key.js';
import { parseCookieHeader } from './cookie-header.js';
import { hooksSafeToSkip } from './session-hooks.js';

/** A session answered from its cookies: the cached payload as Better Auth wrote it. */
export interface FastSession {
  /** The session as cached (ISO date strings), token included. */
  session: Record<string, unknown> & { id: string; token: string; expiresAt: string };
  /** The user as cached (ISO date strings). */
  user: Record<string, unknown> & { id: string; email: string; name: string; emailVerified: boolean };
}

/**
 * Answers a session check from the signed session cookie and the JWE cookie cache alone, or
 * returns undefined ("ask Better Auth"). It answers only what Better Auth's `getSession` would
 * answer from the same cookies without touching the database: both cookies valid, the cache
 * not expired (nor within `marginMs` of it), the cached session not expired, not past its
 * absolute lifetime (`absoluteSessionLifetime`), not revoked.
 */
export interface FastSessionCheck {
  check(headers: Headers): FastSession | undefined;
  /** Resolves once keys are derived; `false` when the configuration needs Better Auth for every check. */
  readonly ready: Promise<boolean>;
  /** Whether `GET <basePath><path>` may be answered before Better Auth's router (no hook, no plugin request handler, not disabled). */
  routeEnabled(path: '/get-session' | '/session'): boolean;
  /** Better Auth's resolved options (for its output filters), once ready. */
  betterAuthOptions(): object | undefined;
}

/** Options of {@link createFastSessionCheck}. */
export interface FastSessionCheckOptions {
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Cookie caches this close to expiry go to Better Auth. Default 1000 ms. */
  marginMs?: number;
  /**
   * Decoded session cookies remembered, matched on the exact values of both cookies (the latest
   * cache cookie of each session cookie), each until its cache or session expiry; a hit skips
   * the signature check and decryption, never the revocation check. Default 2,000; 0 keeps none.
   */
  cacheSize?: number;
}

/** A live session decoded from its cookies, with the session token the revocation check needs. */
interface Decoded {
  token: string;
  live: FastSession;
  /** The cache cookie it was decoded from (entries are keyed by the signed cookie). */
  data: string;
}

/** The part of `createAuth()`'s result the fast path reads. */
export interface FastSessionAuth {
  $context: Promise<unknown>;
  revocations?: Pick<RevocationRegistry, 'isTokenRevoked'>;
}

interface AuthContextView {
  secretConfig: unknown;
  options: {
    plugins?: BetterAuthPlugin[];
    hooks?: { before?: unknown; after?: unknown };
    disabledPaths?: string[];
    session?: { cookieCache?: { enabled?: boolean; strategy?: string; version?: unknown } };
  };
  sessionConfig: { cookieRefreshCache: unknown };
  authCookies: {
    sessionToken: { name: string };
    sessionData: { name: string };
    dontRememberToken: { name: string };
  };
}

interface Prepared {
  options: object;
  sessionTokenName: string;
  sessionDataName: string;
  dontRememberName: string;
  verifySigned: (signed: string) => string | undefined;
  decrypt: (jwe: string) => Record<string, unknown> | undefined;
  routes: { '/get-session': boolean; '/session': boolean };
  lifetime: AbsoluteSessionLifetime | undefined;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether this configuration can be answered from cookies at all (else: undefined). */
function prepare(ctx: AuthContextView, auth: FastSessionAuth): Prepared | undefined {
  const cache = ctx.options.session?.cookieCache;
  // Secret rotation (`secrets`), another cache strategy, a cache version or a refreshing
  // cache all take Better Auth's own path.
  if (typeof ctx.secretConfig !== 'string' || !cache?.enabled || cache.strategy !== 'jwe') return undefined;
  if (cache.version !== undefined || ctx.sessionConfig.cookieRefreshCache !== false) return undefined;
  if (ctx.options.hooks?.before || ctx.options.hooks?.after) return undefined;
  const plugins = ctx.options.plugins ?? [];
  const revocations = Boolean(auth.revocations);
  if (!hooksSafeToSkip(plugins, '/get-session', revocations)) return undefined;
  const secret = ctx.secretConfig;
  const key = cookieCacheKey(secret);
  const disabled = ctx.options.disabledPaths ?? [];
  // Answering before the router also skips plugins' onRequest/onResponse handlers.
  const noRequestHandlers = !plugins.some((p) => p.onRequest || p.onResponse);
  return {
    options: ctx.options,
    sessionTokenName: ctx.authCookies.sessionToken.name,
    sessionDataName: ctx.authCookies.sessionData.name,
    dontRememberName: ctx.authCookies.dontRememberToken.name,
    verifySigned: signedCookieVerifier(secret),
    decrypt: (jwe) => key.decrypt(jwe),
    lifetime: findAbsoluteLifetime(plugins),
    routes: {
      '/get-session': noRequestHandlers && !disabled.includes('/get-session'),
      '/session':
        noRequestHandlers &&
        !disabled.includes('/session') &&
        hooksSafeToSkip(plugins, '/session', revocations),
    },
  };
}

/** When the cached session ends: its expiry, or its absolute deadline when that comes first. */
function sessionEnd(session: Record<string, unknown>, lifetime: AbsoluteSessionLifetime | undefined): number {
  const expiresAt = Date.parse(session.expiresAt as string);
  if (!lifetime) return expiresAt;
  const start = { createdAt: session.createdAt as string, rememberMe: session.rememberMe === true };
  const deadline = sessionDeadline(start, lifetime);
  // An unreadable start is no live session: Better Auth answers it.
  return deadline === undefined ? Number.NaN : Math.min(expiresAt, deadline);
}

/**
 * The cached `{ session, user }` when the claims are a live cache entry for `token`, and until
 * when it stays live (the cache's expiry less the margin, or the session's end, whichever is first).
 */
function liveSession(
  claims: Record<string, unknown>,
  token: string,
  nowMs: number,
  p: Prepared,
  marginMs: number,
) {
  const { exp, iat, session, user, version } = claims;
  if (typeof exp !== 'number' || (iat !== undefined && typeof iat !== 'number')) return undefined;
  if (exp * 1000 - marginMs < nowMs) return undefined;
  if ((version ?? '1') !== '1' || !isRecord(session) || !isRecord(user)) return undefined;
  if (session.token !== token || !isString(session.id) || !isString(session.userId)) return undefined;
  if (!isString(session.expiresAt) || !isString(session.createdAt) || !isString(session.updatedAt)) {
    return undefined;
  }
  const expiresAt = sessionEnd(session, p.lifetime);
  if (!Number.isFinite(expiresAt) || expiresAt < nowMs) return undefined;
  if (!isString(user.id) || !isString(user.email) || !isString(user.name)) return undefined;
  if (typeof user.emailVerified !== 'boolean' || !isString(user.createdAt) || !isString(user.updatedAt)) {
    return undefined;
  }
  const live = { session, user } as unknown as FastSession;
  return { live, untilMs: Math.min(exp * 1000 - marginMs, expiresAt) };
}

const twice = (header: string, name: string) => {
  const first = header.indexOf(`${name}=`);
  return first !== -1 && header.indexOf(`${name}=`, first + 1) !== -1;
};

const instances = new WeakMap<object, FastSessionCheck>();
// A check with its own clock, margin or cache size is not the instance's shared one.
const custom = (options: FastSessionCheckOptions) =>
  Boolean(options.now) || options.marginMs !== undefined || options.cacheSize !== undefined;

/**
 * The fast session check of `auth`, created once per instance (keys derived once, shared by
 * `auth.handler` and `createRequestAuthenticator`). Until the keys are ready, and for any
 * configuration it cannot mirror, every check returns undefined and Better Auth answers.
 *
 * @example
 * ```ts
 * const fast = createFastSessionCheck(auth);
 * const hit = fast.check(request.headers) ?? (await auth.api.getSession({ headers: request.headers }));
 * ```
 */
export function createFastSessionCheck(
  auth: FastSessionAuth,
  options: FastSessionCheckOptions = {},
): FastSessionCheck {
  const existing = custom(options) ? undefined : instances.get(auth);
  if (existing) return existing;
  const now = options.now ?? Date.now;
  const marginMs = options.marginMs ?? 1000;
  let prepared: Prepared | undefined;
  const ready = auth.$context.then(
    (ctx) => {
      prepared = prepare(ctx as AuthContextView, auth);
      return prepared !== undefined;
    },
    () => false,
  );
  const decodedCookies = createExpiringCache<Decoded>(options.cacheSize ?? 2000);
  // The signed cookie and the cache cookie, decoded (signature checked, JWE opened) once per
  // distinct pair of values; only a live session is remembered. Entries are keyed by the short
  // signed cookie and hold the cache cookie to compare: hashing the pair as one key (the JWE is
  // a kilobyte or more) cost more than the comparison, on every check.
  const decode = (p: Prepared, signed: string, data: string, nowMs: number): Decoded | undefined => {
    const known = decodedCookies.get(signed, nowMs);
    if (known?.data === data) return known;
    const token = p.verifySigned(signed);
    if (!token) return undefined;
    const claims = p.decrypt(data);
    if (!claims) return undefined;
    const session = liveSession(claims, token, nowMs, p, marginMs);
    if (!session) return undefined;
    const decoded = { token, live: session.live, data };
    decodedCookies.set(signed, decoded, session.untilMs);
    return decoded;
  };
  const fast: FastSessionCheck = {
    ready,
    routeEnabled: (path) => prepared?.routes[path] === true,
    betterAuthOptions: () => prepared?.options,
    check(headers) {
      const p = prepared;
      if (!p) return undefined;
      const header = headers.get('cookie');
      if (!header) return undefined;
      // Two copies of a session cookie: Better Auth reads the first, the revocation hook refuses
      // any revoked copy; such requests are Better Auth's to answer.
      if (twice(header, p.sessionTokenName) || twice(header, p.sessionDataName)) return undefined;
      const cookies = parseCookieHeader(header);
      // dontRememberMe sessions (Better Auth's own rememberMe: false) go to Better Auth.
      if (cookies.has(p.dontRememberName)) return undefined;
      const signed = cookies.get(p.sessionTokenName);
      const data = cookies.get(p.sessionDataName);
      if (!signed || !data) return undefined;
      const decoded = decode(p, signed, data, now());
      // A revoked session goes to Better Auth, which answers it as a missing one and clears its cookies.
      if (!decoded || auth.revocations?.isTokenRevoked(decoded.token)) return undefined;
      return decoded.live;
    },
  };
  if (!custom(options)) instances.set(auth, fast);
  return fast;
}
