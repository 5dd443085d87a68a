import { createPublicKey, verify } from 'node:crypto';

/**
 * Result of {@link verifyEdDsaJwt}: the token's key id and lifetime, or what is wrong with it.
 *
 * @example
 * ```ts
 * import type { JwtVerification } from '@mana/auth-monitor';
 * function describe(result: JwtVerification): string {
 *   return result.ok ? `kid ${result.kid}, ${result.expiresInS} s left` : result.problem;
 * }
 * ```
 */
export type JwtVerification =
  | { ok: true; kid: string | null; expiresInS: number; lifetimeS: number | null }
  | { ok: false; problem: string };

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * True when a string has the shape of a compact JWS (three base64url segments).
 *
 * @example
 * ```ts
 * import { looksLikeJwt } from '@mana/auth-monitor';
 * looksLikeJwt('a.b.c'); // true
 * ```
 */
export function looksLikeJwt(value: unknown): value is string {
  return typeof value === 'string' && JWT.test(value);
}

/**
 * Verifies a compact JWT the way a resource server would, with nothing but the published JWKS:
 * the header must say `alg: EdDSA`, the `kid` must name a published Ed25519 key, the signature
 * must verify, and `exp` must lie in the future. Any other algorithm is refused outright.
 *
 * @example
 * ```ts
 * import { verifyEdDsaJwt } from '@mana/auth-monitor';
 * const jwks = await (await fetch('http://localhost:3001/api/v1/auth/jwks')).json();
 * const result = verifyEdDsaJwt(accessToken, jwks);
 * if (!result.ok) console.error(result.problem);
 * ```
 */
export function verifyEdDsaJwt(token: string, jwks: unknown, now: Date = new Date()): JwtVerification {
  const [head = '', body = '', signature = ''] = token.split('.');
  const header = decode(head);
  const payload = decode(body);
  if (!looksLikeJwt(token) || !header || !payload)
    return { ok: false, problem: 'the access token is not a well-formed JWT.' };
  if (header.alg !== 'EdDSA') {
    return {
      ok: false,
      problem: `the access token is signed with alg ${JSON.stringify(header.alg)}; only EdDSA tokens may be issued (anything else invites algorithm confusion).`,
    };
  }
  const kid = typeof header.kid === 'string' ? header.kid : null;
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  const candidates = Array.isArray(keys)
    ? keys.filter((k): k is Record<string, unknown> => typeof k === 'object' && k !== null)
    : [];
  const jwk = kid === null && candidates.length === 1 ? candidates[0] : candidates.find((k) => k.kid === kid);
  if (!jwk) {
    return {
      ok: false,
      problem: `the access token's kid ${JSON.stringify(kid)} is not in the JWKS; resource servers cannot verify it (was the key rotated without publishing it?).`,
    };
  }
  let valid = false;
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x) }, format: 'jwk' });
    valid = verify(null, Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid)
    return {
      ok: false,
      problem: `the access token's signature does not verify with published key ${JSON.stringify(kid)}; the service signs with a key it does not publish.`,
    };
  const nowS = Math.floor(now.getTime() / 1000);
  if (typeof payload.exp !== 'number')
    return {
      ok: false,
      problem: 'the access token has no "exp"; access tokens must expire (15 minutes in the spec).',
    };
  if (payload.exp <= nowS)
    return {
      ok: false,
      problem: `the access token expired ${nowS - payload.exp} s ago at issue; check the server clock.`,
    };
  const lifetimeS = typeof payload.iat === 'number' ? payload.exp - payload.iat : null;
  return { ok: true, kid, expiresInS: payload.exp - nowS, lifetimeS };
}

function decode(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
