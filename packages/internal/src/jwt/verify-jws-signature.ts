import { type KeyObject, verify } from 'node:crypto';
import type { ParsedJws } from './compact-jws.js';

/**
 * Checks the Ed25519 signature of a parsed JWS with a synchronous `node:crypto` verify.
 *
 * Why this path and not jose's `jwtVerify` (measured by `pnpm bench:auth-core`, which runs
 * both and `openssl speed -seconds 3 ed25519` in one process; table in docs/benchmarks.md):
 * OpenSSL verified 10,635 tokens per CPU-second (94 µs); this path, with the policy, the key
 * lookup and the claims of auth-core's verifier, 9,742 (103 µs, 92% of OpenSSL); `node:crypto`
 * verify alone 10,236 (96%); jose 6 with a pre-imported key 4,489 sequentially (223 µs, 42%)
 * and 6,462 with 64 calls in flight (61%), because WebCrypto hands each verify to libuv's thread
 * pool and back through promises. The family's bar is ≥ 80% of OpenSSL's single-core rate, so
 * the synchronous `node:crypto` verify stays, and jose is its oracle instead: a differential test
 * (packages/verify/test/verify-differential.test.ts) runs the forged-token catalogue and
 * thousands of generated tokens through both and requires the same verdict.
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
