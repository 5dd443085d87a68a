import { type AccessTokenRefusalReason, accessTokenRefusalReason } from '@mana/internal';
import {
  type AccessTokenPayload,
  cachedJwks,
  createAccessTokenVerifier,
  createVerifiedTokenCache,
  type SessionRevocationSource,
} from '@mana/verify';
import { clientIpResolverOf } from '../client-ip/client-ip-of-auth.js';
import type { ManaAuth } from '../create-auth.js';
import { authMetricsOf } from '../metrics/metrics-plugin.js';
import {
  authorizationHeaderRefusal,
  type RequestFacts,
  reportAccessTokenRefusal,
} from '../refusal-reports/access-token-refusal.js';
import { createFastSessionCheck } from '../sessions/fast-session/fast-session-check.js';
import { signingKeyStoreOf } from './signing-keys.js';

export type { RequestFacts } from '../refusal-reports/access-token-refusal.js';

/** Who made a request, from a Bearer access token or a session cookie. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  /** `token`: a verified Bearer access token; `session`: the session cookie. */
  via: 'token' | 'session';
}

/** Options of {@link createRequestAuthenticator}. */
export interface RequestAuthenticatorOptions {
  /** Accepted `iss`; default the issuer auth-core signs with (`auth.settings.issuer`). */
  issuer?: string | string[];
  /** Accepted `aud`; default the audience auth-core signs with (`auth.settings.audience`). */
  audience?: string | string[];
  /**
   * How many verified access tokens to remember (keyed by the whole token, each until its
   * `exp`), so a reused token's signature is checked once; revocation is still consulted on
   * every request. 0 turns the cache off. Default 10,000.
   */
  verifiedTokenCacheSize?: number;
}

/** The user a session names, from the cookie cache or from Better Auth. */
const userOfSession = (user: {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
}): AuthenticatedUser => ({
  id: user.id,
  email: user.email,
  name: user.name,
  emailVerified: user.emailVerified,
  via: 'session',
});

/** The user a verified access token names. */
const userOfClaims = (claims: AccessTokenPayload): AuthenticatedUser => ({
  id: claims.sub,
  email: String(claims.email ?? ''),
  name: String(claims.name ?? ''),
  emailVerified: claims.email_verified === true,
  via: 'token',
});

/**
 * Resolves the user of a request inside the auth service itself: a `Bearer` access token is
 * verified like `verifyAccessToken` does (EdDSA only, keys from this instance's JWKS) and refused
 * when its session (`sid`) was revoked (`auth.revocations`), else the session cookie is checked
 * (cookie cache first; a revoked session's cookie counts as none). Returns null when neither is
 * valid; an invalid Bearer token is never "rescued" by a cookie. Each refused Bearer token is
 * reported to the plugins (`manaHooks.onAccessTokenRefused`: the audit log's `token_invalid`
 * row, with the verifier's reason); pass `request` so that the row names the route and client.
 *
 * @example
 * ```ts
 * const authenticate = createRequestAuthenticator(auth);
 * const user = await authenticate(request.headers, { method: 'GET', path: '/api/me', remoteAddress });
 * if (!user) return new Response('Unauthorized', { status: 401 });
 * ```
 */
export function createRequestAuthenticator(auth: ManaAuth, options: RequestAuthenticatorOptions = {}) {
  const { settings } = auth;
  const revocations = (auth as { revocations?: SessionRevocationSource }).revocations;
  const keys = signingKeyStoreOf(auth.options.plugins);
  const makeVerifier = () =>
    createAccessTokenVerifier({
      jwks: cachedJwks(() => auth.api.getJwks()),
      issuer: options.issuer ?? settings.issuer,
      audience: options.audience ?? (settings.audience as string | string[]),
      ...(revocations ? { revocations } : {}),
    });
  const fastSession = createFastSessionCheck(auth);
  const makeCache = () => createVerifiedTokenCache(options.verifiedTokenCacheSize ?? 10_000);
  let verify = makeVerifier();
  let verified = makeCache();
  let keyGeneration = keys?.generation();
  // When the signing keys change (a rotation, or a key revoked anywhere: src/keys/), the cached
  // JWKS and the verified tokens are dropped, so a revoked key's tokens are refused at once.
  const followKeyChanges = () => {
    const current = keys?.generation();
    if (current === keyGeneration) return;
    keyGeneration = current;
    verify = makeVerifier();
    verified = makeCache();
  };
  const resolveIp = clientIpResolverOf(auth);
  // Refusals are counted by the metrics plugin (onAccessTokenRefused); accepted tokens here.
  const metrics = authMetricsOf(auth.options.plugins);
  const observed = metrics?.enabled ? metrics : undefined;
  // A cached token is re-checked against the registry only; a miss is fully verified
  // (signature, claims, revocation) and remembered.
  const claimsOf = async (token: string): Promise<AccessTokenPayload | AccessTokenRefusalReason> => {
    followKeyChanges();
    const known = verified.get(token, Date.now());
    if (known) {
      return typeof known.sid === 'string' && revocations?.isSessionRevoked(known.sid) ? 'revoked' : known;
    }
    try {
      const claims = await verify(token);
      verified.set(token, claims);
      return claims;
    } catch (error) {
      return accessTokenRefusalReason(error);
    }
  };
  const refuse = async (reason: AccessTokenRefusalReason, headers: Headers, request?: RequestFacts) => {
    await reportAccessTokenRefusal(auth.options.plugins, resolveIp, reason, headers, request);
    return null;
  };
  return async (headers: Headers, request?: RequestFacts): Promise<AuthenticatedUser | null> => {
    const authorization = headers.get('authorization');
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) return refuse(authorizationHeaderRefusal(authorization), headers, request);
      const claims = await claimsOf(match[1]!);
      if (typeof claims === 'string') return refuse(claims, headers, request);
      metrics?.tokenVerified('ok');
      return userOfClaims(claims);
    }
    if (!headers.has('cookie')) return null;
    const started = observed ? performance.now() : 0;
    // A live cookie-cache hit is answered from the cookies (no router, no WebCrypto); anything
    // else, revoked sessions included, is Better Auth's to answer.
    const cached = fastSession.check(headers);
    if (cached) {
      observed?.sessionChecked(started, 'fast_path');
      return userOfSession(cached.user);
    }
    const session = await auth.api.getSession({ headers }).catch(() => null);
    observed?.sessionChecked(started, 'better_auth');
    return session ? userOfSession(session.user) : null;
  };
}
