/**
 * How a failed write is handled:
 * - `row`: the data of at least one row was refused (SQLSTATE class 22 data exception or 23
 *   integrity violation): split the batch to find it, write the rest;
 * - `schema`: the table or a column is missing (class 42, 3F): retried with backoff and a hint
 *   to run the migration;
 * - `transient`: anything else (connection refused or lost, timeout, shutdown, serialization
 *   failure): retried with backoff.
 *
 * @example
 * ```ts
 * classifyWriteError({ code: '23503' }); // 'row'
 * classifyWriteError(new Error('connect ECONNREFUSED 127.0.0.1:5432')); // 'transient'
 * ```
 */
export type WriteErrorKind = 'row' | 'schema' | 'transient';

/**
 * The SQLSTATE of a driver error, if it has one.
 *
 * @example
 * ```ts
 * sqlState({ code: '23503' }); // '23503'
 * sqlState(new Error('ECONNREFUSED')); // undefined
 * ```
 */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * See {@link WriteErrorKind}.
 *
 * @example
 * ```ts
 * if (classifyWriteError(error) === 'row') await insertIsolating(run, batch);
 * ```
 */
export function classifyWriteError(error: unknown): WriteErrorKind {
  const state = sqlState(error);
  if (state === undefined) return 'transient';
  const errorClass = state.slice(0, 2);
  if (errorClass === '22' || errorClass === '23') return 'row';
  if (errorClass === '42' || errorClass === '3F') return 'schema';
  return 'transient';
}

/**
 * A one-line, secret-free description of a driver error for the log.
 *
 * @example
 * ```ts
 * describeWriteError(new Error('connect ECONNREFUSED 127.0.0.1:5432')); // { code: 'UNKNOWN', message: 'connect ECONNREFUSED ...' }
 * ```
 */
export function describeWriteError(error: unknown): { code: string; message: string } {
  const state = sqlState(error);
  const errno = (error as { code?: unknown } | null)?.code;
  const code = state ?? (typeof errno === 'string' ? errno : 'UNKNOWN');
  const raw = error instanceof Error ? error.message : String(error);
  // Driver messages never hold event contents we did not choose to send, but may hold a URL.
  const message = raw.replace(/\/\/([^:/@\s]+):[^@\s]*@/g, '//$1:***@').slice(0, 300);
  return { code, message };
}

/**
 * The hint logged with a `schema` error.
 *
 * @example
 * ```ts
 * logger({ level: 'error', event: 'write_failed', message: `table missing. ${SCHEMA_HINT}` });
 * ```
 */
export const SCHEMA_HINT =
  'auth.security_events is missing or differs: apply the migration with migrateSecurityEvents(database) or ' +
  "@mana/auth-core's migrate(database, { include: [{ package: '@mana/security-events', migrations: securityEventsMigrations }] })";
