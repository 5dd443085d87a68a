import type { AccessTokenErrorCode } from '../errors/error-codes.js';

// Refusals that @mana/auth-core reports outside Better Auth's hook pipeline, and the stable
// reason codes @mana/security-events stores for them (its README lists them).

/**
 * Why a resource route refused a Bearer access token: the verifier's `AccessTokenError` code in
 * snake_case, plus the refusals before any token is parsed. A stable enum: values are only ever
 * added.
 * - `malformed`, `wrong_alg`, `forbidden_header`, `unknown_kid`, `bad_signature`, `wrong_typ`,
 *   `expired`, `not_yet_valid`, `wrong_issuer`, `wrong_audience`, `revoked`, `jwks_unavailable`:
 *   `TOKEN_MALFORMED` ... `JWKS_UNAVAILABLE`;
 * - `unsupported_scheme`: an `Authorization` header that is not `Bearer <token>` (`Basic ...`);
 * - `verifier_error`: the verifier failed with anything but an `AccessTokenError`.
 *
 * @example
 * ```ts
 * const reason: AccessTokenRefusalReason = 'bad_signature';
 * ```
 */
export type AccessTokenRefusalReason =
  | 'malformed'
  | 'wrong_alg'
  | 'forbidden_header'
  | 'unknown_kid'
  | 'bad_signature'
  | 'wrong_typ'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'revoked'
  | 'jwks_unavailable'
  | 'unsupported_scheme'
  | 'verifier_error';

const REASON_OF_CODE: Readonly<Record<AccessTokenErrorCode, AccessTokenRefusalReason>> = {
  TOKEN_MALFORMED: 'malformed',
  TOKEN_WRONG_ALGORITHM: 'wrong_alg',
  TOKEN_FORBIDDEN_HEADER: 'forbidden_header',
  TOKEN_UNKNOWN_KEY: 'unknown_kid',
  TOKEN_BAD_SIGNATURE: 'bad_signature',
  TOKEN_TYPE_INVALID: 'wrong_typ',
  TOKEN_EXPIRED: 'expired',
  TOKEN_NOT_YET_VALID: 'not_yet_valid',
  TOKEN_WRONG_ISSUER: 'wrong_issuer',
  TOKEN_WRONG_AUDIENCE: 'wrong_audience',
  TOKEN_REVOKED: 'revoked',
  JWKS_UNAVAILABLE: 'jwks_unavailable',
};

/**
 * The refusal reason for what a token verifier threw: its `AccessTokenError` code mapped, else
 * `verifier_error`.
 *
 * @example
 * ```ts
 * accessTokenRefusalReason(new AccessTokenError('TOKEN_EXPIRED', 'expired')); // 'expired'
 * ```
 */
export function accessTokenRefusalReason(error: unknown): AccessTokenRefusalReason {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(REASON_OF_CODE, code)
    ? REASON_OF_CODE[code as AccessTokenErrorCode]
    : 'verifier_error';
}

/**
 * A Bearer access token refused where a route requires authentication (`requireAuth`, the Nest
 * `ManaAuthGuard`, `createRequestAuthenticator`). It never carries the token or any header
 * value but the user agent.
 *
 * @example
 * ```ts
 * const event: AccessTokenRefusedEvent = {
 *   reason: 'expired', method: 'GET', path: '/api/v1/me', ip: '203.0.113.7', userAgent: 'curl/8',
 * };
 * ```
 */
export interface AccessTokenRefusedEvent {
  reason: AccessTokenRefusalReason;
  /** HTTP method of the refused request, or null when the caller did not say. */
  method: string | null;
  /** Path of the refused request without its query string, or null when the caller did not say. */
  path: string | null;
  /** Client IP by auth-core's `clientIp` rules, or null when unknown. */
  ip: string | null;
  userAgent: string | null;
}

/**
 * A request Better Auth's Origin / CSRF checks refused before any route (or hook) ran. `reason`
 * is Better Auth's error code lower-cased (`invalid_origin`, `missing_or_null_origin`,
 * `cross_site_navigation_login_blocked`, `invalid_callback_url`, ...).
 *
 * @example
 * ```ts
 * const event: OriginRefusedEvent = {
 *   request, reason: 'invalid_origin', path: '/update-user', ip: null, origin: 'https://evil.example',
 * };
 * ```
 */
export interface OriginRefusedEvent {
  request: Request;
  reason: string;
  /** Route path below the base path, e.g. `/update-user`. */
  path: string;
  ip: string | null;
  /** The scheme, host and port of `Origin` (else `Referer`), never its path or query; null when absent. */
  origin: string | null;
}
