import { hash } from 'node:crypto';

/** SHA-256 of a session token or id, base64url: what the registry keeps and sends, never the value. */
export function revocationHash(value: string): string {
  // One-shot crypto.hash: about 0.26 µs per 32-character token where createHash takes about 1 µs.
  return hash('sha256', value, 'base64url');
}

/** One revoked session as kept in memory, in the durable record and in broadcasts: hashes only. */
export interface HashedRevocation {
  /** SHA-256 (base64url) of the session token. */
  readonly tokenHash: string;
  /** SHA-256 (base64url) of `auth.sessions.id`. */
  readonly sessionIdHash: string;
  /** Epoch milliseconds after which the entry is forgotten. */
  readonly forgetAfter: number;
}

/**
 * The in-memory side of the revocation registry: hashed session tokens and ids, each with the
 * time after which it is forgotten. Lookups are synchronous; an empty set skips hashing. An entry
 * past `forgetAfter` reads as not revoked (a lookup drops it; `prune` drops them all).
 */
export interface RevokedSet {
  add(entries: readonly HashedRevocation[]): void;
  hasToken(sessionToken: string): boolean;
  hasSessionId(sessionId: string): boolean;
  /** Drops every entry past its `forgetAfter`. */
  prune(): void;
  /** Entries held (tokens). */
  readonly size: number;
}

/** Creates an empty {@link RevokedSet} on the clock `now` (epoch milliseconds). */
export function createRevokedSet(now: () => number): RevokedSet {
  const tokens = new Map<string, number>();
  const sessionIds = new Map<string, number>();
  const keep = (map: Map<string, number>, hash: string, forgetAfter: number) => {
    const known = map.get(hash);
    if (known === undefined || known < forgetAfter) map.set(hash, forgetAfter);
  };
  const lookup = (map: Map<string, number>, value: string): boolean => {
    if (map.size === 0) return false;
    const hash = revocationHash(value);
    const forgetAfter = map.get(hash);
    if (forgetAfter === undefined) return false;
    if (forgetAfter > now()) return true;
    map.delete(hash);
    return false;
  };
  const pruneMap = (map: Map<string, number>, at: number) => {
    for (const [hash, forgetAfter] of map) if (forgetAfter <= at) map.delete(hash);
  };
  return {
    add(entries) {
      const at = now();
      for (const entry of entries) {
        if (entry.forgetAfter <= at) continue;
        keep(tokens, entry.tokenHash, entry.forgetAfter);
        keep(sessionIds, entry.sessionIdHash, entry.forgetAfter);
      }
    },
    hasToken: (sessionToken) => lookup(tokens, sessionToken),
    hasSessionId: (sessionId) => lookup(sessionIds, sessionId),
    prune() {
      const at = now();
      pruneMap(tokens, at);
      pruneMap(sessionIds, at);
    },
    get size() {
      return tokens.size;
    },
  };
}
