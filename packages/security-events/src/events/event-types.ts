/**
 * The built-in event taxonomy: the spec's 8 event types, plus the ones every serious auth
 * system logs and the spec lacks. Each type has a user-id rule that `logEvent` enforces.
 *
 * @example
 * ```ts
 * import { securityEventTypes } from '@mana/security-events';
 * securityEventTypes.login_failure.userId; // 'forbidden'
 * ```
 */

/**
 * Whether an event of a type carries a user id:
 * - `required`: always (the spec's "✅ Present");
 * - `forbidden`: never (the spec's "❌ Not available"): the row must not tie a failed or
 *   anonymous attempt to an account;
 * - `optional`: when known.
 *
 * @example
 * ```ts
 * const rule: UserIdRule = securityEventTypes.account_locked.userId; // 'optional'
 * ```
 */
export type UserIdRule = 'required' | 'forbidden' | 'optional';

/**
 * How one event type is described and which user-id rule it follows.
 *
 * @example
 * ```ts
 * const info: SecurityEventTypeInfo = securityEventTypes.login_failure;
 * info.failure; // true
 * ```
 */
export interface SecurityEventTypeInfo {
  /** One sentence: when the event fires. */
  readonly description: string;
  /** Whether rows of this type carry a user id. */
  readonly userId: UserIdRule;
  /** `spec` for the 8 types of the source specification, `extended` for the additions. */
  readonly origin: 'spec' | 'extended';
  /** True for failures and refusals; their metadata carries a `reason`. */
  readonly failure: boolean;
}

/**
 * Every built-in event type with its description and user-id rule.
 *
 * @example
 * ```ts
 * for (const [type, info] of Object.entries(securityEventTypes)) {
 *   console.log(type, info.userId, info.description);
 * }
 * ```
 */
export const securityEventTypes = {
  login_success: info('spec', 'required', false, 'A user signed in.'),
  login_failure: info(
    'spec',
    'forbidden',
    true,
    'A sign-in was refused (wrong credentials, unverified email, lockout, rate limit).',
  ),
  logout: info('spec', 'required', false, 'A user signed out.'),
  password_change: info('spec', 'required', false, 'A signed-in user changed their password.'),
  password_reset_requested: info(
    'spec',
    'forbidden',
    false,
    'A password reset email was asked for (whether or not the email exists).',
  ),
  password_reset_completed: info('spec', 'required', false, 'A password was reset with a valid reset token.'),
  session_revoked: info('spec', 'required', false, 'One session was revoked by its owner.'),
  token_refresh: info('spec', 'required', false, 'An access token (JWT) was issued from a session.'),
  signup: info('extended', 'required', false, 'An account was created.'),
  signup_failure: info(
    'extended',
    'forbidden',
    true,
    'An account could not be created (invalid input, email taken, rate limit).',
  ),
  password_change_failure: info(
    'extended',
    'required',
    true,
    'A signed-in user failed to change their password.',
  ),
  password_reset_failure: info(
    'extended',
    'forbidden',
    true,
    'A password reset was refused (invalid or expired token, weak password).',
  ),
  rate_limited: info(
    'extended',
    'forbidden',
    true,
    'The rate limiter refused a request (keyed on IP and path).',
  ),
  account_locked: info(
    'extended',
    'optional',
    true,
    'The per-account failed sign-in limit tripped and locked the account.',
  ),
  sessions_revoked_all: info(
    'extended',
    'required',
    false,
    "All of a user's sessions (or all but the current one) were revoked.",
  ),
  token_refresh_failure: info(
    'extended',
    'forbidden',
    true,
    'An access token was refused at /token (or the REST /refresh): no session, or an expired or revoked one.',
  ),
  token_invalid: info(
    'extended',
    'forbidden',
    true,
    'A Bearer access token was refused at a route that requires authentication (forged, expired, revoked, ...).',
  ),
  csrf_refused: info(
    'extended',
    'forbidden',
    true,
    "A request was refused by Better Auth's Origin / CSRF checks (untrusted Origin, cross-site form, callback URL).",
  ),
  request_invalid: info(
    'extended',
    'forbidden',
    true,
    'A REST API request body failed validation (the names of the fields, never their values).',
  ),
  user_updated: info(
    'extended',
    'required',
    false,
    'A signed-in user changed their profile at /update-user (the names of the fields, never their values).',
  ),
  user_update_failure: info('extended', 'required', true, 'A signed-in user failed to change their profile.'),
  email_change_requested: info(
    'extended',
    'required',
    false,
    'A signed-in user asked at /change-email to change their email (changed at once or mailed for verification).',
  ),
  email_change_failure: info('extended', 'required', true, 'A signed-in user failed to change their email.'),
} as const satisfies Record<string, SecurityEventTypeInfo>;

function info<
  const O extends SecurityEventTypeInfo['origin'],
  const U extends UserIdRule,
  const F extends boolean,
>(
  origin: O,
  userId: U,
  failure: F,
  description: string,
): { readonly origin: O; readonly userId: U; readonly failure: F; readonly description: string } {
  return { origin, userId, failure, description };
}

/**
 * A built-in event type.
 *
 * @example
 * ```ts
 * const type: BuiltInSecurityEventType = 'login_success';
 * ```
 */
export type BuiltInSecurityEventType = keyof typeof securityEventTypes;

/**
 * The event types a service accepts: the built-in ones plus the custom ones it was created
 * with. A typo in a built-in type is a compile error unless it is declared as custom.
 *
 * @example
 * ```ts
 * type AppEvent = SecurityEventType<'api_key_created'>; // built-ins | 'api_key_created'
 * ```
 */
export type SecurityEventType<TCustom extends string = never> = BuiltInSecurityEventType | TCustom;

/**
 * The built-in failure types (their metadata carries a `reason`).
 *
 * @example
 * ```ts
 * const failures: FailureEventType[] = ['login_failure', 'signup_failure'];
 * ```
 */
export type FailureEventType = {
  [K in BuiltInSecurityEventType]: (typeof securityEventTypes)[K]['failure'] extends true ? K : never;
}[BuiltInSecurityEventType];

/**
 * True when `type` is one of the built-in event types.
 *
 * @example
 * ```ts
 * isBuiltInEventType('logout'); // true
 * isBuiltInEventType('api_key_created'); // false
 * ```
 */
export function isBuiltInEventType(type: string): type is BuiltInSecurityEventType {
  return Object.hasOwn(securityEventTypes, type);
}

/**
 * Custom event types: lower-case letters, digits, `_`, `.`, `:`, `-`; 1 to 64 characters.
 *
 * @example
 * ```ts
 * CUSTOM_EVENT_TYPE_PATTERN.test('api_key_created'); // true
 * ```
 */
export const CUSTOM_EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_.:-]{0,63}$/;
