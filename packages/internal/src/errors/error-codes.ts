/**
 * Every code a `@mana/*` error can carry, one closed union for the whole family. Codes are
 * UPPER_SNAKE_CASE and never change meaning once published; a package's error class narrows
 * its `code` to the subset it throws. Add a code here (and to the package's own union) when a
 * new failure needs a name, and document it in the package README.
 */
export type ManaErrorCode =
  // shared by several packages
  | 'INVALID_OPTION'
  | 'UNKNOWN_OPTION'
  | 'MIGRATION_FAILED'
  // @mana/auth-core: access-token verification
  | AccessTokenErrorCode
  // @mana/auth-core: the revocation registry lost a write, a broadcast or its listener
  | 'REVOCATION_SYNC_FAILED'
  // @mana/auth-core: signing-key lifecycle (src/keys/)
  | 'KEY_NOT_FOUND'
  // @mana/auth-core: operator session functions (listUserSessions, revokeSessions)
  | 'USER_NOT_FOUND'
  | 'SESSION_NOT_FOUND'
  // @mana/security-events
  | 'INVALID_EVENT'
  | 'INVALID_QUERY'
  // @mana/security-events: audit streaming (a receiver refused or stayed down, a bad checkpoint)
  | 'STREAM_SINK_REJECTED'
  | 'STREAM_SINK_UNAVAILABLE'
  | 'STREAM_CHECKPOINT_INVALID'
  // @mana/security-events: erasing a user's personal data from the audit log failed
  | 'ERASURE_FAILED'
  // @mana/cli (`mana-auth`): bad input (exit 2) and a failed operation (exit 1)
  | 'CLI_USAGE'
  | 'CLI_FAILURE'
  // @mana/auth-monitor
  | 'INVALID_CONFIG'
  | 'CONFIG_NOT_FOUND'
  | 'HISTORY_LOCKED'
  | 'HISTORY_IO'
  | 'HISTORY_INVALID'
  // @mana/secure-headers (besides UNKNOWN_OPTION)
  | SecureHeadersErrorCode;

/**
 * Machine-readable reason for a `SecureHeadersError` of `@mana/secure-headers` (re-exported
 * there): an unknown option or preset, a bad value, or a rule of one header's grammar.
 *
 * @example
 * ```ts
 * import { SecureHeadersError, type SecureHeadersErrorCode } from '@mana/secure-headers';
 *
 * function isTypo(error: unknown): boolean {
 *   const typos: SecureHeadersErrorCode[] = ['UNKNOWN_OPTION', 'CSP_UNKNOWN_DIRECTIVE', 'HSTS_UNKNOWN_DIRECTIVE'];
 *   return error instanceof SecureHeadersError && typos.includes(error.code);
 * }
 * ```
 */
export type SecureHeadersErrorCode =
  | 'UNKNOWN_OPTION'
  | 'UNKNOWN_PRESET'
  | 'INVALID_VALUE'
  | 'INVALID_CHARACTERS'
  | 'CSP_UNKNOWN_DIRECTIVE'
  | 'CSP_DUPLICATE_DIRECTIVE'
  | 'CSP_UNQUOTED_KEYWORD'
  | 'CSP_UNKNOWN_KEYWORD'
  | 'CSP_SEPARATOR_IN_VALUE'
  | 'CSP_INVALID_SOURCE'
  | 'CSP_NONE_NOT_ALONE'
  | 'CSP_EMPTY_SOURCE_LIST'
  | 'CSP_STATIC_NONCE'
  | 'CSP_NONCE_NOT_ALLOWED'
  | 'CSP_INVALID_HASH'
  | 'CSP_INVALID_DIRECTIVE_VALUE'
  | 'CSP_UNKNOWN_REPORT_ENDPOINT'
  | 'HSTS_MISSING_MAX_AGE'
  | 'HSTS_INVALID_MAX_AGE'
  | 'HSTS_UNKNOWN_DIRECTIVE'
  | 'HSTS_PRELOAD_REQUIREMENTS'
  | 'REFERRER_POLICY_INVALID'
  | 'PERMISSIONS_POLICY_UNKNOWN_FEATURE'
  | 'PERMISSIONS_POLICY_INVALID_ALLOWLIST'
  | 'REPORTING_ENDPOINT_INVALID'
  | 'CLEAR_SITE_DATA_INVALID';

/**
 * Why an access token was refused (members of the family's `ManaErrorCode` union; `AccessTokenError`
 * of `@mana/auth-core` re-exports it):
 * - `TOKEN_MALFORMED`: not three canonical base64url segments of a JSON header and payload with
 *   a 64-byte signature, or claims of the wrong type (`exp`, `nbf`, `iat` not numbers; `sub`,
 *   `iss` not strings);
 * - `TOKEN_WRONG_ALGORITHM`: `alg` is anything but `EdDSA` (`none`, `HS256`, `RS256`, ...);
 * - `TOKEN_FORBIDDEN_HEADER`: the header carries `jwk`, `jku`, `x5u`, `x5c`, `x5t`,
 *   `x5t#S256` or `crit`;
 * - `TOKEN_UNKNOWN_KEY`: no Ed25519 key in the JWKS has the token's `kid`;
 * - `TOKEN_BAD_SIGNATURE`: the signature does not verify (tampered header or payload);
 * - `TOKEN_TYPE_INVALID`: the header's `typ` is not `at+jwt` (or `application/at+jwt`, in any
 *   case): a genuine JWT of another kind, e.g. an ID token, is not an access token (RFC 9068 §4);
 * - `TOKEN_EXPIRED` / `TOKEN_NOT_YET_VALID`: outside `exp` / `nbf`, `iat` (with clock tolerance);
 * - `TOKEN_WRONG_ISSUER` / `TOKEN_WRONG_AUDIENCE`: `iss` / `aud` do not match the expected values;
 * - `TOKEN_REVOKED`: the session the token was minted from (its `sid`) was revoked (sign-out,
 *   session revoke, password change or reset), as told by the verifier's `revocations` source;
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
  | 'TOKEN_TYPE_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_WRONG_ISSUER'
  | 'TOKEN_WRONG_AUDIENCE'
  | 'TOKEN_REVOKED'
  | 'JWKS_UNAVAILABLE';
