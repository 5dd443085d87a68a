import type { BetterAuthPlugin } from 'better-auth';

/** A request the rate limiter refused (Better Auth runs no hooks for these). */
export interface RateLimitedEvent {
  request: Request;
  /** Route path below `basePath`, e.g. `/sign-in/email`. */
  path: string;
  /** Client IP by the trusted-header rules, or null when none could be resolved. */
  ip: string | null;
  retryAfterSeconds: number;
}

/** A sign-in refused, or an account newly locked, by the per-account failed-login limit. */
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
}

/**
 * Optional callbacks a Better Auth plugin can carry to observe what auth-core decides outside
 * Better Auth's hook pipeline. `@mana/security-events` implements them to log `rate_limited`
 * and `account_locked`.
 *
 * @example
 * ```ts
 * const audit: BetterAuthPlugin & { manaHooks: ManaHooks } = {
 *   id: 'my-audit',
 *   manaHooks: { onRateLimited: (e) => console.log('429', e.path, e.ip) },
 * };
 * ```
 */
export interface ManaHooks {
  onRateLimited?(event: RateLimitedEvent): void | Promise<void>;
  onAccountLocked?(event: AccountLockedEvent): void | Promise<void>;
}

type WithHooks = BetterAuthPlugin & { manaHooks?: ManaHooks };

/** Calls `name` on every plugin that has it; an observer's failure never fails the request. */
export async function notifyPlugins<K extends keyof ManaHooks>(
  plugins: readonly BetterAuthPlugin[] | undefined,
  name: K,
  event: Parameters<NonNullable<ManaHooks[K]>>[0],
): Promise<void> {
  for (const plugin of (plugins ?? []) as WithHooks[]) {
    const hook = plugin.manaHooks?.[name] as ((e: typeof event) => void | Promise<void>) | undefined;
    if (!hook) continue;
    try {
      await hook.call(plugin.manaHooks, event);
    } catch (error) {
      console.error(
        `[mana-auth] plugin "${plugin.id}" ${name} failed:`,
        error instanceof Error ? error.message : error,
      );
    }
  }
}
