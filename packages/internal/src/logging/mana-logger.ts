/**
 * The log levels of a {@link ManaLogger}, most severe first.
 *
 * @example
 * ```ts
 * const level: ManaLogLevel = 'warn';
 * ```
 */
export type ManaLogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * The structured fields of one entry: always `source` (the package) and `event` (a stable
 * snake_case name, e.g. `revocation_sync_failed`), then fields of that event. Values have been
 * through the redaction step (docs/configuration.md, "Logging") before any logger sees them.
 *
 * @example
 * ```ts
 * const fields: ManaLogFields = { source: '@mana/auth-core', event: 'internal_error', path: '/login' };
 * ```
 */
export interface ManaLogFields {
  source: string;
  event: string;
  [field: string]: unknown;
}

/**
 * One log method, pino's shape: structured fields first, then the human-readable message.
 *
 * @example
 * ```ts
 * const warn: ManaLogMethod = (fields, msg) => console.warn(msg, fields);
 * ```
 */
export type ManaLogMethod = (fields: ManaLogFields, msg?: string) => void;

/**
 * The logger every `@mana/*` package writes to (the `logger` option). Its shape is pino's, so
 * `logger: pino()` fits as it is; winston or Nest's `Logger` fit through a three-line adapter
 * (docs/configuration.md, "Logging"). Without one, entries go to `jsonLineLogger(source)`: one
 * JSON line each on stderr. A method that throws is ignored: logging never breaks the service.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * createAuth({ database, secret, baseURL, logger: pino() });
 * ```
 */
export interface ManaLogger {
  /** Something failed that an operator should look at (a lost broadcast, an internal error). */
  error: ManaLogMethod;
  /** Something is wrong but the service copes (a missing option, a retried write). */
  warn: ManaLogMethod;
  /** A notable normal occurrence (writes recovered). */
  info: ManaLogMethod;
  /** Detail for debugging; entries are dropped when the logger has no `debug`. Optional. */
  debug?: ManaLogMethod;
}

/**
 * Whether `value` has the {@link ManaLogger} shape (`error`, `warn` and `info` functions).
 *
 * @example
 * ```ts
 * isManaLogger(console); // true
 * ```
 */
export function isManaLogger(value: unknown): value is ManaLogger {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const candidate = value as Record<string, unknown>;
  const optionalDebug = candidate.debug === undefined || typeof candidate.debug === 'function';
  return (
    typeof candidate.error === 'function' &&
    typeof candidate.warn === 'function' &&
    typeof candidate.info === 'function' &&
    optionalDebug
  );
}
