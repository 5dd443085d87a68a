import type { ManaLog } from '@mana/internal';
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthLog } from '../logging/auth-log.js';
import type { ManaAuthSettings } from '../settings/auth-settings.js';
import { logRevocationError, RevocationSyncError } from './revocation-error.js';
import type { RevocationRegistry } from './revocation-registry.js';

/** Options of {@link revocationPlugin}. */
export interface RevocationPluginOptions {
  /** The lifetimes that bound `forgetAfter`: the later of cookie-cache age and access-token lifetime. */
  settings: Pick<ManaAuthSettings, 'cookieCacheMaxAgeSeconds' | 'accessTokenTtlSeconds'>;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * Told when a deleted session could not be recorded or broadcast (the registry has it in memory
   * on this instance all the same). Default: a `revocation_sync_failed` entry on `log`.
   */
  onError?: (error: RevocationSyncError) => void;
  /** Where the default `onError` writes. Default: JSON lines on stderr. */
  log?: ManaLog;
}

const registries = new WeakMap<BetterAuthPlugin, RevocationRegistry>();

const asSyncError = (error: unknown) =>
  error instanceof RevocationSyncError ? error : new RevocationSyncError('revoking failed', error);

/**
 * Feeds the revocation registry from Better Auth: every session row it deletes (sign-out,
 * revoke-session(s), revoke-other-sessions, a password change that ends other sessions, a
 * password reset, user deletion, admin revokes, the REST facade's calls to those) enters the
 * registry before the request answers, through the `session.delete.after` database hook, with
 * `forgetAfter` = now + the later of cookie-cache age and access-token lifetime. Its `init`
 * starts the registry (loads the durable record, listens), so Better Auth answers no request
 * before the record is loaded.
 */
export function revocationPlugin<R extends RevocationRegistry>(
  registry: R,
  options: RevocationPluginOptions,
): BetterAuthPlugin {
  const now = options.now ?? Date.now;
  const onError = options.onError ?? logRevocationError(options.log ?? createAuthLog());
  const { cookieCacheMaxAgeSeconds, accessTokenTtlSeconds } = options.settings;
  const lifetimeMs = Math.max(cookieCacheMaxAgeSeconds, accessTokenTtlSeconds) * 1000;
  const plugin: BetterAuthPlugin = {
    id: 'mana-revocations',
    init: async () => {
      await registry.start();
      return {
        options: {
          databaseHooks: {
            session: {
              delete: {
                after: async (session: { id: string; token: string }) => {
                  await registry
                    .revoke([
                      { sessionId: session.id, token: session.token, forgetAfter: now() + lifetimeMs },
                    ])
                    .catch((error: unknown) => onError(asSyncError(error)));
                },
              },
            },
          },
        },
      };
    },
  };
  registries.set(plugin, registry);
  return plugin;
}

/** The registry a {@link revocationPlugin} among `plugins` feeds, if any. */
export function revocationRegistryOf<R extends RevocationRegistry = RevocationRegistry>(
  plugins: readonly BetterAuthPlugin[] | undefined,
): R | undefined {
  for (const plugin of plugins ?? []) {
    const registry = registries.get(plugin);
    if (registry) return registry as R;
  }
  return undefined;
}
