import { createManaLog, isManaLogger, type ManaLogger } from '@mana/internal';
import { invalidOption, rejectUnknownOptions } from '../errors.js';
import { SECURITY_EVENTS_LOG_SOURCE } from '../writer/logger.js';

/**
 * Options of the `securityEvents` Better Auth plugin.
 *
 * @example
 * ```ts
 * securityEvents(service, {
 *   email: { hashKey: process.env.AUDIT_HASH_KEY! },
 *   trustedServer: (request) => request.headers.get('x-api-key') === process.env.BFF_KEY,
 * });
 * ```
 */
export interface SecurityEventsPluginOptions {
  /**
   * How the email of anonymous attempts (failed sign-in or sign-up, reset request, lockout) is
   * handed to the service as `metadata.email`: `'plain'` (default, lower-cased; a
   * `SecurityEventsService` then stores it per its `privacy.emails`, a keyed pseudonym by
   * default), `'omit'`, or `{ hashKey }` for a keyed HMAC (`hmac:…`) made here already (for a
   * sink other than `SecurityEventsService`; the service stores such a value as it is).
   */
  email?: 'plain' | 'omit' | { hashKey: string };
  /**
   * Whether the caller is a server acting for a user (a BFF): then the `ipAddress` and
   * `userAgent` of a sign-in body fill the row's columns. Otherwise (default) the columns come
   * from the request by the trusted-header rules and the body's values are kept in metadata
   * as `clientIpAddress` / `clientUserAgent`.
   */
  trustedServer?: boolean | ((request: Request | undefined) => boolean);
  /** More route prefixes that end a sign-in with a new session (see `SIGN_IN_PREFIXES`). */
  signInPaths?: readonly string[];
  /**
   * Called when logging one request failed inside the plugin (never the request itself).
   * Default: a `plugin_failed` entry (error level, with `path` and the error) on `logger`.
   */
  onError?: (error: unknown, path: string) => void;
  /**
   * Where the default `onError` writes: a {@link ManaLogger} such as `pino()`. Default:
   * `jsonLineLogger('@mana/security-events')`, one JSON line per entry on stderr.
   */
  logger?: ManaLogger;
}

/**
 * The options after validation.
 *
 * @example
 * ```ts
 * const { trustedServer }: ResolvedPluginOptions = resolvePluginOptions({ trustedServer: true });
 * ```
 */
export interface ResolvedPluginOptions {
  email: 'plain' | 'omit' | { hashKey: string };
  trustedServer: (request: Request | undefined) => boolean;
  signInPaths: readonly string[];
  onError: (error: unknown, path: string) => void;
}

/** Every key of {@link SecurityEventsPluginOptions}, kept in step with it by `satisfies`. */
const PLUGIN_OPTION_KEYS = Object.keys({
  email: true,
  trustedServer: true,
  signInPaths: true,
  onError: true,
  logger: true,
} satisfies Record<keyof SecurityEventsPluginOptions, true>);

function defaultOnError(logger: ManaLogger | undefined): (error: unknown, path: string) => void {
  const log = createManaLog(logger, SECURITY_EVENTS_LOG_SOURCE);
  return (error, path) => log.error('plugin_failed', 'recording a security event failed', { path, error });
}

/**
 * Validates the plugin options, naming the option and the fix.
 *
 * @example
 * ```ts
 * resolvePluginOptions({ email: 'omit' });
 * ```
 */
export function resolvePluginOptions(options: SecurityEventsPluginOptions): ResolvedPluginOptions {
  if (options === null || typeof options !== 'object') {
    invalidOption('options', options, "Pass an object such as { email: 'omit' }, or leave it out.");
  }
  rejectUnknownOptions(options, PLUGIN_OPTION_KEYS, 'securityEvents(service, options)');
  const email = options.email ?? 'plain';
  if (email !== 'plain' && email !== 'omit') {
    const key = (email as { hashKey?: unknown } | null)?.hashKey;
    if (typeof key !== 'string' || key.length < 16) {
      invalidOption(
        'email',
        email,
        "Use 'plain', 'omit' or { hashKey } with a secret of at least 16 characters.",
      );
    }
  }
  const trusted = options.trustedServer ?? false;
  if (typeof trusted !== 'boolean' && typeof trusted !== 'function') {
    invalidOption('trustedServer', trusted, 'Pass true, false or a function (request) => boolean.');
  }
  const signInPaths = options.signInPaths ?? [];
  if (!Array.isArray(signInPaths) || signInPaths.some((p) => typeof p !== 'string' || !p.startsWith('/'))) {
    invalidOption(
      'signInPaths',
      signInPaths,
      "Pass route prefixes below the base path, e.g. ['/sso/callback'].",
    );
  }
  if (options.logger !== undefined && !isManaLogger(options.logger)) {
    invalidOption('logger', options.logger, 'Pass a logger with error, warn and info methods, e.g. pino().');
  }
  return {
    email,
    trustedServer: typeof trusted === 'function' ? trusted : () => trusted,
    signInPaths,
    onError: options.onError ?? defaultOnError(options.logger),
  };
}
