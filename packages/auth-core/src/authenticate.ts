import type { ManaAuth } from './create-auth.js';
import { cachedJwks } from './jwks-source.js';
import { createAccessTokenVerifier } from './verify-access-token.js';

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
  /** Accepted `iss`; default the issuer auth-core signs with. */
  issuer?: string | string[];
  /** Accepted `aud`; default the audience auth-core signs with. */
  audience?: string | string[];
}

/**
 * Resolves the user of a request inside the auth service itself: a `Bearer` access token is
 * verified like `verifyAccessToken` does (EdDSA only, keys from this instance's JWKS), else the
 * session cookie is checked (cookie cache first). Returns null when neither is valid; an invalid
 * Bearer token is never "rescued" by a cookie.
 *
 * @example
 * ```ts
 * const authenticate = createRequestAuthenticator(auth);
 * const user = await authenticate(request.headers);
 * if (!user) return new Response('Unauthorized', { status: 401 });
 * ```
 */
export function createRequestAuthenticator(auth: ManaAuth, options: RequestAuthenticatorOptions = {}) {
  const jwt = auth.options.plugins.find((p) => p.id === 'jwt') as {
    options?: { jwt?: { issuer?: string; audience?: string | string[] } };
  };
  const verify = createAccessTokenVerifier({
    jwks: cachedJwks(() => auth.api.getJwks()),
    issuer: options.issuer ?? jwt.options?.jwt?.issuer ?? new URL(auth.options.baseURL).origin,
    audience: options.audience ?? jwt.options?.jwt?.audience ?? new URL(auth.options.baseURL).origin,
  });
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
