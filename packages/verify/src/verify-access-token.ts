import { describeValue, parseCompactJws, verifyJwsSignature } from '@mana/internal';
import { AccessTokenError } from './access-token-error.js';
import { type JsonWebKeySet, type JwksSource, localJwks, remoteJwks } from './jwks-source.js';

/** Claims of a verified access token. */
export interface AccessTokenPayload {
  sub: string;
  iss: string;
  aud: string | string[];
  exp: number;
  iat?: number;
  nbf?: number;
  email?: string;
  name?: string;
  email_verified?: boolean;
  /** Id of the session the token was minted from (`auth.sessions.id`). */
  sid?: string;
  /** Random id of this token. */
  jti?: string;
  [claim: string]: unknown;
}

/**
 * Tells whether a session was revoked, synchronously, from memory. `auth.revocations` (the
 * auth service's revocation registry, or one running in a resource server that shares its
 * PostgreSQL or Redis) fits.
 */
export interface SessionRevocationSource {
  isSessionRevoked(sessionId: string): boolean;
}

/** Options of {@link verifyAccessToken} and {@link createAccessTokenVerifier}. */
export interface VerifyAccessTokenOptions {
  /** JWKS URL of the auth service, e.g. `https://auth.example.com/api/v1/auth/jwks`. */
  jwksUrl?: string | URL;
  /** A JWKS object, or a key source from `localJwks`/`remoteJwks`/`cachedJwks`. */
  jwks?: JsonWebKeySet | JwksSource;
  /** Accepted `iss` value(s). */
  issuer: string | readonly string[];
  /** Accepted `aud` value(s); the token must name at least one. */
  audience: string | readonly string[];
  /** Allowed clock skew in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** The clock for `exp`/`nbf`/`iat`, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * Where revoked sessions are known (e.g. `auth.revocations`). When set, a token whose `sid`
   * names a revoked session is refused with `TOKEN_REVOKED`; a token without `sid` (minted by
   * an older version) is judged on `exp` alone. Without it, a token stays valid until `exp`
   * (docs/security.md).
   */
  revocations?: SessionRevocationSource;
}

/** The `typ` header of every access token (RFC 9068 §2.1), so it cannot pass for another kind of JWT. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/**
 * Whether a `typ` header names an access token: `at+jwt` or `application/at+jwt`, in any case.
 * `typ` is a media type whose `application/` prefix may be left out (RFC 7515 §4.1.9), and RFC
 * 9068 §4 has resource servers refuse any other; jose's `typ` option compares the same way.
 */
function isAccessTokenType(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const type = typ.toLowerCase();
  return (type.includes('/') ? type : `application/${type}`) === `application/${ACCESS_TOKEN_TYPE}`;
}

const remoteSources = new Map<string, JwksSource>();
const localSources = new WeakMap<JsonWebKeySet, JwksSource>();

function resolveSource(options: VerifyAccessTokenOptions): JwksSource {
  if (options.jwks) {
    if ('getKey' in options.jwks) return options.jwks;
    let local = localSources.get(options.jwks);
    if (!local) {
      local = localJwks(options.jwks);
      localSources.set(options.jwks, local);
    }
    return local;
  }
  if (!options.jwksUrl) throw new TypeError('verifyAccessToken needs `jwksUrl` or `jwks`.');
  const url = String(options.jwksUrl);
  let source = remoteSources.get(url);
  if (!source) {
    source = remoteJwks(url);
    remoteSources.set(url, source);
  }
  return source;
}

const list = (value: string | readonly string[]): readonly string[] =>
  typeof value === 'string' ? [value] : value;

/** Checks the registered claims; the token's signature has already been verified. */
function checkClaims(
  payload: Record<string, unknown>,
  nowSeconds: number,
  tolerance: number,
  issuers: readonly string[],
  audiences: readonly string[],
): AccessTokenPayload {
  const { exp, nbf, iat, iss, aud, sub } = payload;
  if (typeof exp !== 'number' || typeof sub !== 'string' || typeof iss !== 'string') {
    throw new AccessTokenError('TOKEN_MALFORMED', 'The token lacks a numeric exp, or a string sub or iss.');
  }
  if ((nbf !== undefined && typeof nbf !== 'number') || (iat !== undefined && typeof iat !== 'number'))
    throw new AccessTokenError('TOKEN_MALFORMED', 'The token has a non-numeric nbf or iat.');
  if (nowSeconds - tolerance >= exp) {
    throw new AccessTokenError(
      'TOKEN_EXPIRED',
      `The token expired at ${new Date(exp * 1000).toISOString()}.`,
      {
        fix: 'Get a new access token (POST <basePath>/refresh).',
      },
    );
  }
  if (nbf !== undefined && nbf > nowSeconds + tolerance)
    throw new AccessTokenError('TOKEN_NOT_YET_VALID', 'The token is not valid yet (nbf).');
  if (iat !== undefined && iat > nowSeconds + tolerance)
    throw new AccessTokenError('TOKEN_NOT_YET_VALID', 'The token was issued in the future (iat).');
  if (!issuers.includes(iss))
    throw new AccessTokenError('TOKEN_WRONG_ISSUER', `Unexpected issuer ${JSON.stringify(iss)}.`);
  const tokenAudiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!tokenAudiences.some((a) => audiences.includes(a as string))) {
    throw new AccessTokenError('TOKEN_WRONG_AUDIENCE', 'The token is not meant for this audience.');
  }
  return payload as AccessTokenPayload;
}

/**
 * Builds a verifier once (key source resolved up front) for repeated use on a hot path. The
 * token policy and the signature check are the family's one verifier (shared by every package, see
 * docs/benchmarks.md for why it uses `node:crypto` and how jose checks it); this adds the key
 * lookup, the `typ: at+jwt` header (RFC 9068; `TOKEN_TYPE_INVALID` otherwise) and the claims.
 *
 * @example
 * ```ts
 * const verify = createAccessTokenVerifier({ jwksUrl, issuer: 'https://auth.example.com', audience: 'https://auth.example.com' });
 * const claims = await verify(bearerToken);
 * ```
 */
export function createAccessTokenVerifier(
  options: VerifyAccessTokenOptions,
): (token: string) => Promise<AccessTokenPayload> {
  const source = resolveSource(options);
  const tolerance = options.clockToleranceSeconds ?? 5;
  const issuers = list(options.issuer);
  const audiences = list(options.audience);
  const now = options.now ?? Date.now;
  const revocations = options.revocations;
  return async (token) => {
    const jws = parseCompactJws(token);
    if (!jws.ok) throw new AccessTokenError(jws.code, jws.message);
    const key = await source.getKey(jws.kid);
    if (!key) {
      throw new AccessTokenError(
        'TOKEN_UNKNOWN_KEY',
        `No Ed25519 key with kid ${JSON.stringify(jws.kid) ?? '(none)'} in the JWKS.`,
      );
    }
    if (!verifyJwsSignature(jws, key))
      throw new AccessTokenError(
        'TOKEN_BAD_SIGNATURE',
        'The signature does not match the header and payload.',
      );
    // After the signature, as jose does: only an authentic JWT of another type is reported as such.
    if (!isAccessTokenType(jws.header.typ)) {
      throw new AccessTokenError(
        'TOKEN_TYPE_INVALID',
        `The token's typ header is ${describeValue(jws.header.typ)}, not "${ACCESS_TOKEN_TYPE}": it is not an access token.`,
        {
          fix: 'Send an access token from <basePath>/token or /refresh (header typ: at+jwt); ID tokens and other JWTs are refused (RFC 9068).',
        },
      );
    }
    const claims = checkClaims(jws.payload, Math.floor(now() / 1000), tolerance, issuers, audiences);
    if (revocations && typeof claims.sid === 'string' && revocations.isSessionRevoked(claims.sid)) {
      throw new AccessTokenError('TOKEN_REVOKED', 'The session this token was minted from was revoked.', {
        fix: 'Sign in again; tokens of a signed-out or revoked session are refused.',
      });
    }
    return claims;
  };
}

/**
 * Verifies an access token from `<basePath>/token` in another service (a resource server).
 * EdDSA only; the remote JWKS is cached and refetched (rate-limited) on an unknown `kid`.
 * Throws {@link AccessTokenError} with a typed `code`.
 *
 * @example
 * ```ts
 * import { verifyAccessToken } from '@mana/auth-core/verify';
 * const claims = await verifyAccessToken(token, {
 *   jwksUrl: 'http://localhost:3001/api/v1/auth/jwks',
 *   issuer: 'http://localhost:3001',
 *   audience: 'http://localhost:3001',
 * });
 * console.log(claims.sub);
 * ```
 */
export function verifyAccessToken(
  token: string,
  options: VerifyAccessTokenOptions,
): Promise<AccessTokenPayload> {
  return createAccessTokenVerifier(options)(token);
}
