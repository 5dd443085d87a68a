// The contract between @mana/auth-core (which calls these hooks) and the plugins that observe
// it, such as @mana/security-events (which implements them). Both compile against this one
// definition; neither package imports the other (see both packages' READMEs).
import type { AccessTokenRefusedEvent, OriginRefusedEvent } from './refusal-events.js';

/**
 * A request the rate limiter refused, as `@mana/auth-core` reports it (Better Auth runs no hooks
 * for these).
 *
 * @example
 * ```ts
 * const event: RateLimitedEvent = { request, path: '/sign-in/email', ip: '203.0.113.7', retryAfterSeconds: 42 };
 * ```
 */
export interface RateLimitedEvent {
  request: Request;
  /** Route path below the base path, e.g. `/sign-in/email`. */
  path: string;
  /** Client IP by the limiter's trusted-header rules (IPv6 grouped to /64), or null when none resolved. */
  ip: string | null;
  retryAfterSeconds: number;
}

/**
 * What a sign-in lock covers: `device`, one browser holding a valid device cookie for the account
 * (locked by its own failures only); `unknown-devices`, every client without one (per IP, and all
 * of them together against distributed guessing).
 */
export type LockScope = 'device' | 'unknown-devices';

/**
 * A sign-in refused (`refused`), or an account newly locked (`locked`), by `@mana/auth-core`'s
 * per-account failed-login limit.
 *
 * @example
 * ```ts
 * const event: AccountLockedEvent = {
 *   request, email: 'a@example.com', userId: 'u1', ip: null, failures: 10, retryAfterSeconds: 900, phase: 'locked',
 *   scope: 'unknown-devices',
 * };
 * ```
 */
export interface AccountLockedEvent {
  request: Request | undefined;
  /** Normalised (lower-case) email that was tried. */
  email: string;
  /** The account's id when it exists. */
  userId: string | null;
  ip: string | null;
  /** Consecutive failures counted for the limit that tripped. */
  failures: number;
  retryAfterSeconds: number;
  /** `locked`: this failure reached the limit; `refused`: a sign-in while locked. */
  phase: 'locked' | 'refused';
  /** Which clients the lock covers. */
  scope: LockScope;
}

/**
 * Optional callbacks a Better Auth plugin can carry (as `manaHooks`) to observe what
 * `@mana/auth-core` decides outside Better Auth's hook pipeline. `@mana/security-events`
 * implements them to log `rate_limited`, `account_locked`, `token_invalid` and `csrf_refused`.
 *
 * @example
 * ```ts
 * const audit = { id: 'my-audit', manaHooks: { onRateLimited: (e) => console.log('429', e.path) } satisfies ManaHooks };
 * ```
 */
export interface ManaHooks {
  onRateLimited?(event: RateLimitedEvent): void | Promise<void>;
  onAccountLocked?(event: AccountLockedEvent): void | Promise<void>;
  /** A Bearer access token refused at a route that requires authentication. */
  onAccessTokenRefused?(event: AccessTokenRefusedEvent): void | Promise<void>;
  /** A request refused by Better Auth's Origin / CSRF checks before any hook ran. */
  onOriginRefused?(event: OriginRefusedEvent): void | Promise<void>;
}

/** A plugin, as far as the hook contract is concerned: its id and, maybe, its `manaHooks`. */
export interface ManaHooksCarrier {
  id: string;
  manaHooks?: ManaHooks;
}
