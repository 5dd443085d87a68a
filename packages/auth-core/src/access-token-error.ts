import { ManaError } from '@mana/internal';

/**
 * Why an access token was refused (members of the family's `ManaErrorCode` union):
 * - `TOKEN_MALFORMED`: not three canonical base64url segments of a JSON header and payload with
 *   a 64-byte signature, or claims of the wrong type (`exp`, `nbf`, `iat` not numbers; `sub`,
 *   `iss` not strings);
 * - `TOKEN_WRONG_ALGORITHM`: `alg` is anything but `EdDSA` (`none`, `HS256`, `RS256`, ...);
 * - `TOKEN_FORBIDDEN_HEADER`: the header carries `jwk`, `jku`, `x5u`, `x5c`, `x5t`,
 *   `x5t#S256` or `crit`;
 * - `TOKEN_UNKNOWN_KEY`: no Ed25519 key in the JWKS has the token's `kid`;
 * - `TOKEN_BAD_SIGNATURE`: the signature does not verify (tampered header or payload);
 * - `TOKEN_EXPIRED` / `TOKEN_NOT_YET_VALID`: outside `exp` / `nbf`, `iat` (with clock tolerance);
 * - `TOKEN_WRONG_ISSUER` / `TOKEN_WRONG_AUDIENCE`: `iss` / `aud` do not match the expected values;
 * - `JWKS_UNAVAILABLE`: the JWKS could not be fetched or parsed.
 *
 * @example
 * ```ts
 * const retryable = (code: AccessTokenErrorCode) => code === 'JWKS_UNAVAILABLE';
 * ```
 */
export type AccessTokenErrorCode =
  | 'TOKEN_MALFORMED'
  | 'TOKEN_WRONG_ALGORITHM'
  | 'TOKEN_FORBIDDEN_HEADER'
  | 'TOKEN_UNKNOWN_KEY'
  | 'TOKEN_BAD_SIGNATURE'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_WRONG_ISSUER'
  | 'TOKEN_WRONG_AUDIENCE'
  | 'JWKS_UNAVAILABLE';

/**
 * Thrown by `verifyAccessToken` with a machine-readable `code`; a `ManaError`, like every error
 * of the `@mana/*` packages.
 *
 * @example
 * ```ts
 * try {
 *   await verifyAccessToken(token, options);
 * } catch (error) {
 *   if (error instanceof AccessTokenError && error.code === 'TOKEN_EXPIRED') return refresh();
 *   throw error;
 * }
 * ```
 */
export class AccessTokenError extends ManaError<AccessTokenErrorCode> {
  override readonly name = 'AccessTokenError';
}
