import { verify as verifySignature } from 'node:crypto';
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
  [claim: string]: unknown;
}

/** Options of {@link verifyAccessToken} and {@link createAccessTokenVerifier}. */
export interface VerifyAccessTokenOptions {
  /** JWKS URL of the auth service, e.g. `https://auth.example.com/api/v1/auth/jwks`. */
  jwksUrl?: string | URL;
  /** A JWKS object, or a key source from `localJwks`/`remoteJwks`. */
  jwks?: JsonWebKeySet | JwksSource;
  /** Accepted `iss` value(s). */
  issuer: string | readonly string[];
  /** Accepted `aud` value(s); the token must name at least one. */
  audience: string | readonly string[];
  /** Allowed clock skew in seconds. Default 5. */
  clockToleranceSeconds?: number;
}

const FORBIDDEN_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit'] as const;
const remoteSources = new Map<string, JwksSource>();
const localSources = new WeakMap<JsonWebKeySet, JwksSource>();

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AccessTokenError('malformed', `The token ${what} is not a base64url JSON object.`);
}

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

function checkClaims(
  payload: Record<string, unknown>,
  options: VerifyAccessTokenOptions,
): AccessTokenPayload {
  const now = Math.floor(Date.now() / 1000);
  const tolerance = options.clockToleranceSeconds ?? 5;
  const { exp, nbf, iat, iss, aud, sub } = payload;
  if (typeof exp !== 'number' || typeof sub !== 'string' || typeof iss !== 'string') {
    throw new AccessTokenError('malformed', 'The token lacks a numeric exp, or a string sub or iss.');
  }
  if (now - tolerance >= exp)
    throw new AccessTokenError('expired', `The token expired at ${new Date(exp * 1000).toISOString()}.`);
  if (typeof nbf === 'number' && nbf > now + tolerance)
    throw new AccessTokenError('not_yet_valid', 'The token is not valid yet (nbf).');
  if (typeof iat === 'number' && iat > now + tolerance)
    throw new AccessTokenError('not_yet_valid', 'The token was issued in the future (iat).');
  const issuers = typeof options.issuer === 'string' ? [options.issuer] : options.issuer;
  if (!issuers.includes(iss)) throw new AccessTokenError('wrong_issuer', `Unexpected issuer "${iss}".`);
  const audiences = typeof options.audience === 'string' ? [options.audience] : options.audience;
  const tokenAudiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!tokenAudiences.some((a) => audiences.includes(a as string))) {
    throw new AccessTokenError('wrong_audience', 'The token is not meant for this audience.');
  }
  return payload as AccessTokenPayload;
}

/**
 * Builds a verifier once (key source resolved up front) for repeated use on a hot path.
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
  return async (token) => {
    if (typeof token !== 'string') throw new AccessTokenError('malformed', 'The token is not a string.');
    const parts = token.split('.');
    if (parts.length !== 3 || !parts[2])
      throw new AccessTokenError('malformed', 'A JWS has three dot-separated parts.');
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = decodeJson(headerPart, 'header');
    if (header.alg !== 'EdDSA')
      throw new AccessTokenError(
        'wrong_algorithm',
        `Algorithm "${String(header.alg)}" is not accepted; only EdDSA is.`,
      );
    const forbidden = FORBIDDEN_HEADERS.find((name) => name in header);
    if (forbidden)
      throw new AccessTokenError(
        'forbidden_header',
        `The "${forbidden}" header is not accepted; keys come only from the JWKS.`,
      );
    const kid = header.kid;
    if (kid !== undefined && typeof kid !== 'string')
      throw new AccessTokenError('malformed', 'kid must be a string.');
    const key = await source.getKey(kid);
    if (!key)
      throw new AccessTokenError('unknown_key', `No Ed25519 key with kid "${String(kid)}" in the JWKS.`);
    const signature = Buffer.from(signaturePart, 'base64url');
    const signed = Buffer.from(`${headerPart}.${payloadPart}`);
    if (signature.length !== 64 || !verifySignature(null, signed, key, signature)) {
      throw new AccessTokenError('bad_signature', 'The signature does not match the header and payload.');
    }
    return checkClaims(decodeJson(payloadPart, 'payload'), options);
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
