/**
 * How much an event type is worth keeping when the writer's queue fills up:
 * - `high`: proof of what a user (or an attacker holding their account) actually did: a
 *   sign-in or sign-up that succeeded, a password changed or reset, a lockout, a session or all
 *   sessions revoked, account changes. These may use the queue's reserved share.
 * - `low`: everything else, above all what an attacker can produce for free (failed sign-ins,
 *   rate-limit refusals, token mints). These never take the reserved share, so a flood of them
 *   cannot push a genuine high-value event out.
 *
 * @example
 * ```ts
 * const valueClass: EventValueClass = HIGH_VALUE_EVENT_TYPES.has('login_success') ? 'high' : 'low';
 * ```
 */
export type EventValueClass = 'high' | 'low';

/**
 * The built-in high-value event types (see {@link EventValueClass}). Add your own types with the
 * service's `highValueEventTypes` option.
 *
 * @example
 * ```ts
 * HIGH_VALUE_EVENT_TYPES.has('password_change'); // true
 * HIGH_VALUE_EVENT_TYPES.has('login_failure'); // false
 * ```
 */
export const HIGH_VALUE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'login_success',
  'signup',
  'logout',
  'password_change',
  'password_reset_completed',
  'account_locked',
  'session_revoked',
  'sessions_revoked_all',
  // Account changes (profile and email updates), named as their flows emit them.
  'user_updated',
  'email_changed',
  'email_change_requested',
]);
