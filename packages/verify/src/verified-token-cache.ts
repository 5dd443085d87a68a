import { createExpiringCache } from '@mana/internal';
import type { AccessTokenPayload } from './verify-access-token.js';

/**
 * Access tokens this instance has verified, keyed by the whole token, each kept until its
 * `exp` (never past it), at most `maxEntries` at a time (the oldest go first). A hit skips the
 * signature check only: the caller still asks the revocation registry about the token's `sid`
 * on every request. Clients reuse a token for its whole lifetime, so a busy service verifies
 * each token's signature once instead of on every request (docs/benchmarks.md).
 */
export interface VerifiedTokenCache {
  /** The claims of `token` if verified before and not expired at `nowMs`. */
  get(token: string, nowMs: number): AccessTokenPayload | undefined;
  /** Remembers a token that was just verified. */
  set(token: string, claims: AccessTokenPayload): void;
}

/** A cache of verified tokens; `maxEntries` 0 keeps nothing. */
export function createVerifiedTokenCache(maxEntries: number): VerifiedTokenCache {
  const cache = createExpiringCache<AccessTokenPayload>(maxEntries);
  return {
    get: (token, nowMs) => cache.get(token, nowMs),
    set: (token, claims) => cache.set(token, claims, claims.exp * 1000),
  };
}
