import { type JwsFailure, jwsFailure, type ParsedJws, parseCompactJws } from './compact-jws.js';
import type { Ed25519KeySet } from './ed25519-keys.js';
import { verifyJwsSignature } from './verify-jws-signature.js';

/**
 * Parses a compact JWS, finds its key in an imported JWKS and checks the signature: the whole
 * verification except the claims, which are the caller's (`exp`, `iss`, `aud` policies differ).
 * On failure the result names the reason with a `TOKEN_*` code; `header` is set when the header
 * could be read (for messages that quote `alg` or `kid`).
 *
 * @example
 * ```ts
 * const result = verifyCompactJws(token, importEd25519KeySet(jwks));
 * if (!result.ok) console.error(result.code, result.message);
 * else console.log(result.payload.exp);
 * ```
 */
export function verifyCompactJws(token: unknown, keys: Ed25519KeySet): ParsedJws | JwsFailure {
  const jws = parseCompactJws(token);
  if (!jws.ok) return jws;
  const key = keys.find(jws.kid);
  if (!key) {
    return jwsFailure(
      'TOKEN_UNKNOWN_KEY',
      `No Ed25519 key with kid ${JSON.stringify(jws.kid) ?? '(none)'} in the JWKS.`,
      jws.header,
    );
  }
  return verifyJwsSignature(jws, key)
    ? jws
    : jwsFailure('TOKEN_BAD_SIGNATURE', 'The signature does not match the header and payload.', jws.header);
}
