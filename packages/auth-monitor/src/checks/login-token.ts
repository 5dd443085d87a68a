import { importEd25519KeySet, verifyCompactJws } from '@mana/internal';

const TOKEN_FIELDS = ['accessToken', 'access_token', 'jwt', 'token', 'idToken'];
const CONTAINERS = ['data', 'session', 'tokens', 'result'];
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verdict of {@link verifyLoginToken}: the key id and time left, or a problem for the report.
 *
 * @example
 * ```ts
 * const verdict: TokenVerification = { ok: true, kid: 'k1', expiresInS: 900 };
 * ```
 */
export type TokenVerification =
  | { ok: true; kid: string | null; expiresInS: number }
  | { ok: false; problem: string };

/**
 * True when a string has the shape of a compact JWS (three base64url segments).
 *
 * @example
 * ```ts
 * looksLikeJwt('eyJhbGciOiJFZERTQSJ9.e30.c2ln'); // true
 * ```
 */
export function looksLikeJwt(value: unknown): value is string {
  return typeof value === 'string' && JWT.test(value);
}

/**
 * Verifies the access token the way a resource server would, with nothing but the published
 * JWKS and the family's one verifier (`@mana/internal`, the same code as auth-core's
 * `verifyAccessToken`): EdDSA only, no key-carrying headers, a published Ed25519 `kid`, a valid
 * signature, and an `exp` in the future. Problems are worded for the monitor's report.
 *
 * @param nowMs the clock, in milliseconds since the epoch (default: now).
 * @example
 * ```ts
 * const verdict = verifyLoginToken(accessToken, await (await fetch(jwksUrl)).json());
 * if (!verdict.ok) console.error(verdict.problem);
 * ```
 */
export function verifyLoginToken(token: string, jwks: unknown, nowMs = Date.now()): TokenVerification {
  const verified = verifyCompactJws(token, importEd25519KeySet(jwks));
  const kid = typeof verified.header?.kid === 'string' ? verified.header.kid : null;
  if (!verified.ok) {
    switch (verified.code) {
      case 'TOKEN_WRONG_ALGORITHM':
        return {
          ok: false,
          problem: `the access token is signed with alg ${JSON.stringify(verified.header?.alg)}; only EdDSA tokens may be issued (anything else invites algorithm confusion).`,
        };
      case 'TOKEN_FORBIDDEN_HEADER':
        return {
          ok: false,
          problem: `the access token's header is refused by resource servers: ${verified.message}`,
        };
      case 'TOKEN_UNKNOWN_KEY':
        return {
          ok: false,
          problem: `the access token's kid ${JSON.stringify(kid)} is not in the JWKS; resource servers cannot verify it (was the key rotated without publishing it?).`,
        };
      case 'TOKEN_BAD_SIGNATURE':
        return {
          ok: false,
          problem: `the access token's signature does not verify with published key ${JSON.stringify(kid)}; the service signs with a key it does not publish.`,
        };
      default:
        return { ok: false, problem: 'the access token is not a well-formed JWT.' };
    }
  }
  const { exp } = verified.payload;
  const nowS = Math.floor(nowMs / 1000);
  if (typeof exp !== 'number')
    return {
      ok: false,
      problem: 'the access token has no "exp"; access tokens must expire (15 minutes in the spec).',
    };
  if (exp <= nowS)
    return {
      ok: false,
      problem: `the access token expired ${nowS - exp} s ago at issue; check the server clock.`,
    };
  return { ok: true, kid, expiresInS: exp - nowS };
}

/**
 * The access token of a login response: the `set-auth-jwt` header, or a JWT-shaped field
 * (`accessToken`, `access_token`, `jwt`, `token`, `idToken`) of the body, at most two
 * containers (`data`, `session`, `tokens`, `result`) deep.
 *
 * @example
 * ```ts
 * findAccessToken({ data: { accessToken: 'eyJ…' } }, new Headers()); // 'eyJ…' when JWT-shaped
 * ```
 */
export function findAccessToken(body: unknown, headers: Headers): string | null {
  const header = headers.get('set-auth-jwt');
  if (looksLikeJwt(header)) return header;
  const search = (value: unknown, depth: number): string | null => {
    if (typeof value !== 'object' || value === null || depth > 2) return null;
    const record = value as Record<string, unknown>;
    for (const field of TOKEN_FIELDS) if (looksLikeJwt(record[field])) return record[field] as string;
    for (const field of CONTAINERS) {
      const found = search(record[field], depth + 1);
      if (found) return found;
    }
    return null;
  };
  return search(body, 0);
}
