import { type KeyObject, verify } from 'node:crypto';
import type { ParsedJws } from './compact-jws.js';

/**
 * Checks the Ed25519 signature of a parsed JWS with a synchronous `node:crypto` verify.
 *
 * Why not jose's `jwtVerify` (measured by `pnpm bench:auth-core`, figures in
 * docs/benchmarks.md): jose verifies through WebCrypto, whose calls go through libuv's thread
 * pool and a promise round trip; MEASUREMENT_PLACEHOLDER
 * The family's bar is ≥ 80% of OpenSSL's single-core rate, which only this path reaches.
 * jose stays in the repository as the oracle of a differential test
 * (packages/internal/src/jwt/differential.test.ts): every forged token and thousands of
 * generated ones must get the same verdict from both.
 *
 * @returns true when the signature verifies with `key`.
 * @example
 * ```ts
 * const jws = parseCompactJws(token);
 * if (jws.ok && verifyJwsSignature(jws, key)) console.log(jws.payload);
 * ```
 */
export function verifyJwsSignature(jws: ParsedJws, key: KeyObject): boolean {
  try {
    return verify(null, jws.signingInput, key, jws.signature);
  } catch {
    return false; // not an Ed25519 key: the signature cannot verify with it
  }
}
