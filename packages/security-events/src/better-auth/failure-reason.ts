/**
 * What a failed Better Auth call returned: an `APIError` (duck-typed, no import needed).
 *
 * @example
 * ```ts
 * const error: ApiErrorLike = { statusCode: 401, body: { code: 'INVALID_EMAIL_OR_PASSWORD' } };
 * ```
 */
export interface ApiErrorLike {
  statusCode: number;
  body?: { code?: unknown; message?: unknown } | undefined;
}

/**
 * True for Better Auth's `APIError` (and better-call's), whatever copy of the class made it.
 *
 * @example
 * ```ts
 * if (isApiErrorLike(ctx.context.returned)) console.log(ctx.context.returned.statusCode);
 * ```
 */
export function isApiErrorLike(value: unknown): value is ApiErrorLike {
  return value instanceof Error && typeof (value as { statusCode?: unknown }).statusCode === 'number';
}

const REASONS: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: 'invalid_credentials',
  INVALID_PASSWORD: 'invalid_password',
  EMAIL_NOT_VERIFIED: 'email_not_verified',
  USER_ALREADY_EXISTS: 'email_taken',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'email_taken',
  PASSWORD_TOO_SHORT: 'password_too_short',
  PASSWORD_TOO_LONG: 'password_too_long',
  INVALID_EMAIL: 'invalid_email',
  INVALID_TOKEN: 'invalid_token',
  VALIDATION_ERROR: 'invalid_request',
  ACCOUNT_TEMPORARILY_LOCKED: 'account_locked',
  CREDENTIAL_ACCOUNT_NOT_FOUND: 'no_password_set',
  USER_NOT_FOUND: 'user_not_found',
  EMAIL_PASSWORD_DISABLED: 'method_disabled',
  RESET_PASSWORD_DISABLED: 'method_disabled',
};

/**
 * The `reason` of a failure event for what Better Auth returned: a stable snake_case word
 * (`invalid_credentials`, `email_not_verified`, `email_taken`, `invalid_token`, ...), else the
 * error code lower-cased, else `http_<status>`.
 *
 * @example
 * ```ts
 * failureReason(new APIError('UNAUTHORIZED', { code: 'INVALID_EMAIL_OR_PASSWORD' })); // 'invalid_credentials'
 * ```
 */
export function failureReason(error: ApiErrorLike): string {
  const code = typeof error.body?.code === 'string' ? error.body.code : '';
  const known = REASONS[code];
  if (known) return known;
  if (/^[A-Z][A-Z0-9_]{0,63}$/.test(code)) return code.toLowerCase();
  return `http_${error.statusCode}`;
}
