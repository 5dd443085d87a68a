import type { ManaHooks, ManaHooksCarrier } from '@mana/internal';
import type { BetterAuthPlugin } from 'better-auth';
import { authLogOf } from './logging/auth-log.js';

// The hook contract (event types and ManaHooks) is defined once in @mana/internal and shared
// with @mana/security-events, which implements it.
export type {
  AccessTokenRefusalReason,
  AccessTokenRefusedEvent,
  AccountLockedEvent,
  LockScope,
  ManaHooks,
  OriginRefusedEvent,
  RateLimitedEvent,
} from '@mana/internal';

type WithHooks = BetterAuthPlugin & ManaHooksCarrier;

/**
 * Calls `name` on every plugin that has it; an observer's failure never fails the request (it is
 * logged as `plugin_hook_failed`).
 */
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
      authLogOf(plugins).error('plugin_hook_failed', `plugin "${plugin.id}" ${name} failed`, {
        plugin: plugin.id,
        hook: name,
        error,
      });
    }
  }
}
