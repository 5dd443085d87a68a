import type { KeyObject } from 'node:crypto';
import { type Ed25519KeySet, importEd25519KeySet } from '@mana/internal';
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

/** Options of {@link cachedJwks}. */
export interface CachedJwksOptions {
  /** How long a loaded set is used before it is loaded again. Default 10 minutes. */
  cacheMaxAgeMs?: number;
  /** Minimum time between two loads triggered by an unknown `kid`. Default 30 s. */
  cooldownMs?: number;
  /** The clock, in milliseconds since the epoch. Default `Date.now` (tests pass their own). */
  now?: () => number;
}

/** Options of {@link remoteJwks}. */
export interface RemoteJwksOptions extends CachedJwksOptions {
  /** Fetch timeout. Default 5 s. */
  timeoutMs?: number;
}

/**
 * A key source from a JWKS object you already have (configuration, tests). Only Ed25519
 * signing keys are used; anything else in the set is ignored.
 *
 * @example
 * ```ts
 * const source = localJwks(await (await fetch(url)).json());
 * ```
 */
export function localJwks(set: JsonWebKeySet): JwksSource {
  const keys = importEd25519KeySet(set);
  return { getKey: async (kid) => keys.find(kid) };
}

/**
 * A key source that loads a JWKS with `load()`, caches it, and loads again when a token names
 * an unknown `kid` (a rotated key), at most once per `cooldownMs`, so forged kids cannot make it
 * hammer the auth server. A failed reload keeps serving the last good set. All timing reads
 * `options.now`, so tests move a clock instead of sleeping.
 *
 * @example
 * ```ts
 * const source = cachedJwks(async () => (await auth.api.getJwks()) as JsonWebKeySet);
 * ```
 */
export function cachedJwks(load: () => Promise<unknown>, options: CachedJwksOptions = {}): JwksSource {
  const cacheMaxAgeMs = options.cacheMaxAgeMs ?? 10 * 60_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  let keys: Ed25519KeySet | undefined;
  let loadedAt = 0;
  let inflight: Promise<Ed25519KeySet> | undefined;

  const reload = async (): Promise<Ed25519KeySet> => {
    try {
      keys = importEd25519KeySet(await load());
      loadedAt = now();
      return keys;
    } catch (error) {
      if (!keys) {
        throw error instanceof AccessTokenError
          ? error
          : new AccessTokenError('JWKS_UNAVAILABLE', `Could not load the JWKS: ${(error as Error).message}`, {
              cause: error,
              fix: 'Check that the JWKS URL answers with { keys: [...] }.',
            });
      }
      // Keep serving the last good set; try again after the cooldown, not on every call.
      loadedAt = now() - cacheMaxAgeMs + cooldownMs;
      return keys;
    } finally {
      inflight = undefined;
    }
  };
  const refresh = () => {
    inflight ??= reload();
    return inflight;
  };

  return {
    async getKey(kid) {
      const current = !keys || now() - loadedAt > cacheMaxAgeMs ? await refresh() : keys;
      const found = current.find(kid);
      if (found || now() - loadedAt < cooldownMs) return found;
      return (await refresh()).find(kid);
    },
  };
}

async function fetchJwks(url: string | URL, timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no answer within ${timeoutMs} ms (timeoutMs)`)),
    timeoutMs,
  );
  try {
    const response = await fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } });
    if (!response.ok) {
      throw new AccessTokenError(
        'JWKS_UNAVAILABLE',
        `Could not load the JWKS from ${String(url)}: HTTP ${response.status}`,
        { fix: 'Check jwksUrl: it must be the auth service’s <basePath>/jwks.' },
      );
    }
    return await response.json();
  } catch (error) {
    if (error instanceof AccessTokenError) throw error;
    const reason = controller.signal.aborted ? controller.signal.reason : error;
    throw new AccessTokenError(
      'JWKS_UNAVAILABLE',
      `Could not load the JWKS from ${String(url)}: ${(reason as Error).message}`,
      { cause: error, fix: 'Check that the auth service is reachable from this service.' },
    );
  } finally {
    clearTimeout(timer);
  }
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
  return cachedJwks(() => fetchJwks(url, timeoutMs), options);
}
