import { createPublicKey, type KeyObject } from 'node:crypto';
import { AccessTokenError } from './access-token-error.js';

/** A public JSON Web Key as served at `<basePath>/jwks`. */
export interface PublicJwk {
  kty: string;
  crv?: string;
  x?: string;
  alg?: string;
  kid?: string;
  use?: string;
  [parameter: string]: unknown;
}

/** A JSON Web Key Set. */
export interface JsonWebKeySet {
  keys: PublicJwk[];
}

/** Resolves a `kid` to an Ed25519 public key. */
export interface JwksSource {
  /** Returns the key, or null when the set has no usable key with that `kid`. */
  getKey(kid: string | undefined): Promise<KeyObject | null>;
}

/** Options of {@link remoteJwks}. */
export interface RemoteJwksOptions {
  /** How long a fetched set is used before it is fetched again. Default 10 minutes. */
  cacheMaxAgeMs?: number;
  /** Minimum time between two fetches triggered by an unknown `kid`. Default 30 s. */
  cooldownMs?: number;
  /** Fetch timeout. Default 5 s. */
  timeoutMs?: number;
}

/** Only Ed25519 signing keys are used; anything else in a set is ignored. */
function importEd25519Keys(set: unknown): Map<string | undefined, KeyObject> {
  const keys = new Map<string | undefined, KeyObject>();
  const list = (set as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) return keys;
  for (const jwk of list as PublicJwk[]) {
    if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') continue;
    if (jwk.alg !== undefined && jwk.alg !== 'EdDSA') continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    try {
      keys.set(jwk.kid, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }));
    } catch {
      // an invalid key is as good as absent
    }
  }
  return keys;
}

function pick(keys: Map<string | undefined, KeyObject>, kid: string | undefined): KeyObject | null {
  if (kid !== undefined) return keys.get(kid) ?? null;
  return keys.size === 1 ? [...keys.values()][0]! : null;
}

/**
 * A key source from a JWKS object you already have (configuration, tests).
 *
 * @example
 * ```ts
 * const source = localJwks(await (await fetch(url)).json());
 * ```
 */
export function localJwks(set: JsonWebKeySet): JwksSource {
  const keys = importEd25519Keys(set);
  return { getKey: async (kid) => pick(keys, kid) };
}

/**
 * A key source that loads a JWKS with `load()`, caches it, and loads again when a token names
 * an unknown `kid` (a rotated key), at most once per `cooldownMs`, so forged kids cannot make it
 * hammer the auth server. A failed reload keeps serving the last good set.
 *
 * @example
 * ```ts
 * const source = cachedJwks(async () => (await auth.api.getJwks()) as JsonWebKeySet);
 * ```
 */
export function cachedJwks(
  load: () => Promise<unknown>,
  options: Omit<RemoteJwksOptions, 'timeoutMs'> = {},
): JwksSource {
  const cacheMaxAgeMs = options.cacheMaxAgeMs ?? 10 * 60_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  let keys: Map<string | undefined, KeyObject> | undefined;
  let fetchedAt = 0;
  let inflight: Promise<void> | undefined;

  const refresh = () => {
    inflight ??= (async () => {
      try {
        keys = importEd25519Keys(await load());
        fetchedAt = Date.now();
      } catch (error) {
        // Keep serving the last good set; try again after the cooldown, not on every call.
        if (keys) fetchedAt = Date.now() - cacheMaxAgeMs + cooldownMs;
        else
          throw error instanceof AccessTokenError
            ? error
            : new AccessTokenError(
                'jwks_unavailable',
                `Could not load the JWKS: ${(error as Error).message}`,
                { cause: error },
              );
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  };

  return {
    async getKey(kid) {
      if (!keys || Date.now() - fetchedAt > cacheMaxAgeMs) await refresh();
      const found = pick(keys!, kid);
      if (found || Date.now() - fetchedAt < cooldownMs) return found;
      await refresh();
      return pick(keys!, kid);
    },
  };
}

/**
 * A key source that fetches a JWKS URL (see {@link cachedJwks} for caching and refetching).
 *
 * @example
 * ```ts
 * const source = remoteJwks('https://auth.example.com/api/v1/auth/jwks');
 * await verifyAccessToken(token, { jwks: source, issuer, audience });
 * ```
 */
export function remoteJwks(url: string | URL, options: RemoteJwksOptions = {}): JwksSource {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return cachedJwks(async () => {
    let response: Response;
    try {
      response = await fetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json' },
      });
    } catch (error) {
      throw new AccessTokenError(
        'jwks_unavailable',
        `Could not load the JWKS from ${String(url)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!response.ok)
      throw new AccessTokenError(
        'jwks_unavailable',
        `Could not load the JWKS from ${String(url)}: HTTP ${response.status}`,
      );
    return response.json();
  }, options);
}
