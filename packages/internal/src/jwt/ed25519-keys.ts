import { createPublicKey, type KeyObject } from 'node:crypto';

/** Ed25519 public keys of a JWKS, by `kid`, ready for {@link verifyJwsSignature}. */
export interface Ed25519KeySet {
  /** How many usable keys the set holds. */
  readonly size: number;
  /**
   * The key a token names: the one with this `kid`, or, for a token without `kid`, the only
   * key of the set (none when the set holds several). `null` when there is no such key.
   */
  find(kid: string | undefined): KeyObject | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Imports one JWK as an Ed25519 verification key, or returns `null` when it is not one:
 * `kty` must be `OKP`, `crv` `Ed25519`, `x` a string; `alg`, when present, `EdDSA`; `use`,
 * when present, `sig`; `key_ops`, when present, must include `verify`. Private members are
 * ignored (only `x` is read), and an `x` that is not a valid key gives `null`.
 *
 * @example
 * ```ts
 * const key = importEd25519Jwk({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
 * ```
 */
export function importEd25519Jwk(jwk: unknown): KeyObject | null {
  if (!isRecord(jwk) || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return null;
  if (jwk.alg !== undefined && jwk.alg !== 'EdDSA') return null;
  if (jwk.use !== undefined && jwk.use !== 'sig') return null;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify')))
    return null;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
  } catch {
    return null; // an invalid key is as good as absent
  }
}

/**
 * Imports the Ed25519 signing keys of a JWKS (`{ keys: [...] }`) once; every other member is
 * ignored (RSA, EC, symmetric keys, keys for other algorithms or uses), so a token can never
 * be checked with a key of another type. Anything that is not a JWKS gives an empty set.
 *
 * @example
 * ```ts
 * const keys = importEd25519KeySet(await (await fetch(jwksUrl)).json());
 * const key = keys.find(jws.kid);
 * ```
 */
export function importEd25519KeySet(set: unknown): Ed25519KeySet {
  const keys = new Map<string | undefined, KeyObject>();
  const list = isRecord(set) ? set.keys : undefined;
  if (Array.isArray(list)) {
    for (const jwk of list) {
      const key = importEd25519Jwk(jwk);
      if (key) keys.set(typeof jwk.kid === 'string' ? jwk.kid : undefined, key);
    }
  }
  const only = keys.size === 1 ? [...keys.values()][0]! : null;
  return {
    size: keys.size,
    find: (kid) => (kid === undefined ? only : (keys.get(kid) ?? null)),
  };
}
