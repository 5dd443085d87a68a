import { createManaLog, type ManaLog, type ManaLogger } from '@mana/internal';
import type { BetterAuthOptions, BetterAuthPlugin } from 'better-auth';
import { isAPIError } from 'better-auth/api';

/** The `source` of every entry `@mana/auth-core` writes. */
export const AUTH_CORE_LOG_SOURCE = '@mana/auth-core';

/**
 * The stable `event` names of `@mana/auth-core`'s log entries (docs/operations.md):
 * - `revocation_sync_failed` (error): a revocation could not be recorded or broadcast, the
 *   listening connection dropped (it reconnects), or pruning/loading the record failed;
 * - `internal_error` (error): a REST API request failed with a server fault (answered 500);
 * - `mail_send_failed` (error): the `mailSender` rejected a message (`kind` says which);
 * - `mail_sender_missing` (error): `POST /password/forgot` without the `mailSender` option;
 * - `legacy_jwt_env_ignored` (warn): `JWT_PRIVATE_KEY`/`JWT_PUBLIC_KEY`/`JWT_SECRET` are set;
 * - `login_failures_purge_failed` (warn): purging expired lockout counters failed (retried);
 * - `plugin_hook_failed` (error): a plugin's `manaHooks` observer threw (the request goes on);
 * - `better_auth_log` (its level): a log line of Better Auth itself.
 */
export type AuthCoreLogEvent =
  | 'revocation_sync_failed'
  | 'internal_error'
  | 'mail_send_failed'
  | 'mail_sender_missing'
  | 'legacy_jwt_env_ignored'
  | 'login_failures_purge_failed'
  | 'plugin_hook_failed'
  | 'better_auth_log';

const logs = new WeakMap<BetterAuthPlugin, ManaLog>();
let fallback: ManaLog | undefined;

/** The log of `@mana/auth-core` writing to `logger` (default: JSON lines on stderr). */
export function createAuthLog(logger?: ManaLogger): ManaLog {
  return createManaLog(logger, AUTH_CORE_LOG_SOURCE);
}

/**
 * A plugin that carries the instance's log, so code that only sees Better Auth's options (REST
 * endpoints, the handler, hook observers) writes to the configured `logger`.
 */
export function authLogPlugin(log: ManaLog): BetterAuthPlugin {
  const plugin: BetterAuthPlugin = { id: 'mana-logger' };
  logs.set(plugin, log);
  return plugin;
}

/** The log carried by an {@link authLogPlugin} among `plugins`, else the default (stderr). */
export function authLogOf(plugins: readonly BetterAuthPlugin[] | undefined): ManaLog {
  for (const plugin of plugins ?? []) {
    const log = logs.get(plugin);
    if (log) return log;
  }
  fallback ??= createAuthLog();
  return fallback;
}

type BetterAuthLogger = NonNullable<BetterAuthOptions['logger']>;

/**
 * Better Auth's `logger` option that sends its own lines to `log` as `better_auth_log` entries
 * (redacted like ours), at Better Auth's level (`success` as `info`).
 */
export function betterAuthLogger(log: ManaLog): BetterAuthLogger {
  return {
    log: (level, message, ...args) => {
      const at = level === 'error' || level === 'warn' || level === 'debug' ? level : 'info';
      log[at]('better_auth_log', String(message), args.length > 0 ? { args } : undefined);
    },
  };
}

type BetterAuthErrorHook = NonNullable<NonNullable<BetterAuthOptions['onAPIError']>['onError']>;

/**
 * Better Auth's `onAPIError.onError`: a failure that is not a 4xx answer (a thrown `Error`, a
 * 500) of one of Better Auth's own routes is logged once as `internal_error` (redacted), instead
 * of Better Auth's unredacted line. This serves apps that pass `createAuthOptions()` to
 * `betterAuth()` themselves (better-call's router then still prints `# SERVER_ERROR` with
 * `console.error` for a thrown non-HTTP error); `createAuth` turns `onAPIError.throw` on instead
 * and logs in front of the router (logging/router-errors.ts), so nothing reaches the console.
 */
export function betterAuthErrorHook(log: ManaLog): BetterAuthErrorHook {
  return (error) => {
    if (isAPIError(error) && error.statusCode < 500) return;
    log.error('internal_error', 'internal error in a Better Auth endpoint', { error });
  };
}
