import type { ManaAuth } from '../create-auth.js';
import { createFastSessionCheck } from '../sessions/fast-session/fast-session-check.js';
import { cachedJwks } from './jwks-source.js';
import { createAccessTokenVerifier, type SessionRevocationSource } from './verify-access-token.js';

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
}

/**
 * Resolves the user of a request inside the auth service itself: a `Bearer` access token is
 * verified like `verifyAccessToken` does (EdDSA only, keys from this instance's JWKS) and refused
 * when its session (`sid`) was revoked (`auth.revocations`), else the session cookie is checked
 * (cookie cache first; a revoked session's cookie counts as none). Returns null when neither is
 * valid; an invalid Bearer token is never "rescued" by a cookie.
 *
 * @example
 * ```ts
 * const authenticate = createRequestAuthenticator(auth);
 * const user = await authenticate(request.headers);
 * if (!user) return new Response('Unauthorized', { status: 401 });
 * ```
 */
export function createRequestAuthenticator(auth: ManaAuth, options: RequestAuthenticatorOptions = {}) {
  const { settings } = auth;
  const revocations = (auth as { revocations?: SessionRevocationSource }).revocations;
  const verify = createAccessTokenVerifier({
    jwks: cachedJwks(() => auth.api.getJwks()),
    issuer: options.issuer ?? settings.issuer,
    audience: options.audience ?? (settings.audience as string | string[]),
    ...(revocations ? { revocations } : {}),
  });
  const fastSession = createFastSessionCheck(auth);
  return async (headers: Headers): Promise<AuthenticatedUser | null> => {
    const authorization = headers.get('authorization');
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) return null;
      try {
        const claims = await verify(match[1]!);
        return {
          id: claims.sub,
          email: String(claims.email ?? ''),
          name: String(claims.name ?? ''),
          emailVerified: claims.email_verified === true,
          via: 'token',
        };
      } catch {
        return null;
      }
    }
    if (!headers.has('cookie')) return null;
    // A live cookie-cache hit is answered from the cookies (no router, no WebCrypto); anything
    // else, revoked sessions included, is Better Auth's to answer.
    const cached = fastSession.check(headers);
    if (cached) {
      const { user } = cached;
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        emailVerified: user.emailVerified,
        via: 'session',
      };
    }
    const session = await auth.api.getSession({ headers }).catch(() => null);
    if (!session) return null;
    const { user } = session;
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      emailVerified: user.emailVerified,
      via: 'session',
    };
  };
}
