import { AsyncLocalStorage } from 'node:async_hooks';
import type { ManaDatabase } from '../database/create-database.js';
import type { ManaAuthSettings } from '../settings/auth-settings.js';
import { AUTH_CORE_VERSION } from '../version.js';

/**
 * Options of the REST API (`/register`, `/login`, ...; docs/api.md), the `restApi` option of
 * `createAuth`.
 *
 * @example
 * ```ts
 * const auth = createAuth({
 *   database, secret, baseURL, mailSender,
 *   restApi: { resetPasswordUrl: 'https://app.example.com/reset-password' },
 * });
 * ```
 */
export interface RestApiConfig {
  /** Version shown by `/health` and in `/openapi.json`. Default: the version of `@mana/auth-core`. */
  version?: string;
  /** Your page that asks for the new password; the reset link leads there. Default `<baseURL origin>/reset-password`. */
  resetPasswordUrl?: string;
  /**
   * True when the caller is a server acting for a user (e.g. a BFF holding an API key): then the
   * `ipAddress` and `userAgent` of a `/login` body are used as the client's. Default: never.
   */
  isTrustedServer?: (request: Request) => boolean;
}

/** What the REST endpoints read at run time: the options after defaults, plus the settings. */
export interface RestApiRuntime {
  database: ManaDatabase;
  version: string;
  /** When this instance started (`Date.now()`), for `/health` uptime. */
  startedAt: number;
  resetPasswordUrl: string;
  isTrustedServer: (request: Request) => boolean;
  settings: ManaAuthSettings;
}

/** Applies the defaults of {@link RestApiConfig}. */
export function resolveRestApi(
  config: RestApiConfig | undefined,
  settings: ManaAuthSettings,
  database: ManaDatabase,
): RestApiRuntime {
  return {
    database,
    version: config?.version ?? AUTH_CORE_VERSION,
    startedAt: Date.now(),
    resetPasswordUrl: config?.resetPasswordUrl ?? `${new URL(settings.baseURL).origin}/reset-password`,
    isTrustedServer: config?.isTrustedServer ?? (() => false),
    settings,
  };
}

/** Per-handler options given to `createAuthApi(auth, options)` (the older way to configure). */
export type RestApiOverrides = Partial<
  Pick<RestApiRuntime, 'database' | 'version' | 'resetPasswordUrl' | 'isTrustedServer'>
>;

// Our own async context (not Better Auth's request state, an internal module): the overrides of
// one `createAuthApi` handler call, seen by every endpoint that call reaches.
const overrides = new AsyncLocalStorage<RestApiOverrides>();

/** The runtime options for the current request: `base`, with a handler's overrides if any. */
export function currentRuntime(base: RestApiRuntime): RestApiRuntime {
  const found = overrides.getStore();
  return found ? { ...base, ...found } : base;
}

/** Runs `fn` (one request through `auth.handler`) with `values` overriding the configured options. */
export async function withRestApiOverrides<T>(values: RestApiOverrides, fn: () => Promise<T>): Promise<T> {
  return await overrides.run(values, fn);
}
