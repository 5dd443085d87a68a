/**
 * Why an access token was refused:
 * - `malformed`: not three base64url JSON parts, or claims of the wrong type;
 * - `wrong_algorithm`: `alg` is anything but `EdDSA` (`none`, `HS256`, `RS256`, ...);
 * - `forbidden_header`: the header carries `jwk`, `jku`, `x5u`, `x5c` or `crit`;
 * - `unknown_key`: no Ed25519 key in the JWKS has the token's `kid`;
 * - `bad_signature`: the signature does not verify (tampered header or payload);
 * - `expired` / `not_yet_valid`: outside `exp` / `nbf`/`iat` (with clock tolerance);
 * - `wrong_issuer` / `wrong_audience`: `iss` / `aud` do not match the expected values;
 * - `jwks_unavailable`: the JWKS URL could not be fetched or parsed.
 */
export type AccessTokenErrorCode =
  | 'malformed'
  | 'wrong_algorithm'
  | 'forbidden_header'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'jwks_unavailable';

/**
 * Thrown by `verifyAccessToken` with a machine-readable `code`.
 *
 * @example
 * ```ts
 * try {
 *   await verifyAccessToken(token, options);
 * } catch (error) {
 *   if (error instanceof AccessTokenError && error.code === 'expired') return refresh();
 *   throw error;
 * }
 * ```
 */
export class AccessTokenError extends Error {
  override readonly name = 'AccessTokenError';
  readonly code: AccessTokenErrorCode;

  constructor(code: AccessTokenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
