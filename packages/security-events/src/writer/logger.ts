/**
 * What the service reports about itself, one structured entry per occurrence:
 * - `write_failed`: a batch could not be written; it is retried with backoff;
 * - `write_recovered`: writes succeed again after a failure;
 * - `events_dropped`: events were not recorded (queue full, service closed, or rejected by
 *   the database even alone); carries `count` and `reason`;
 * - `event_rejected`: the database refused one event even on its own;
 * - `close_timeout`: `close()` gave up with events still unwritten.
 *
 * @example
 * ```ts
 * const entry: SecurityEventsLogEvent = 'events_dropped';
 * ```
 */
export type SecurityEventsLogEvent =
  | 'write_failed'
  | 'write_recovered'
  | 'events_dropped'
  | 'event_rejected'
  | 'close_timeout';

/**
 * One structured log line. It never contains event contents (user agents, metadata), only
 * counts, codes and error messages of the database driver.
 *
 * @example
 * ```ts
 * const entry: SecurityEventsLogEntry = {
 *   level: 'warn', event: 'events_dropped', message: '12 security events dropped: queue full',
 *   count: 12, reason: 'queue_full',
 * };
 * ```
 */
export interface SecurityEventsLogEntry {
  level: 'info' | 'warn' | 'error';
  event: SecurityEventsLogEvent;
  message: string;
  [field: string]: string | number | boolean | null | undefined;
}

/**
 * Receives the service's log entries; plug in pino, winston or Nest's logger.
 *
 * @example
 * ```ts
 * const logger: SecurityEventsLogger = (entry) => pino[entry.level](entry, entry.message);
 * ```
 */
export type SecurityEventsLogger = (entry: SecurityEventsLogEntry) => void;

/**
 * The default logger: one JSON line per entry on stderr, tagged with the package name.
 *
 * @example
 * ```ts
 * jsonLineLogger({ level: 'info', event: 'write_recovered', message: 'writes recovered' });
 * // {"time":"2025-01-01T00:00:00.000Z","source":"@mana/security-events","level":"info",...}
 * ```
 */
export const jsonLineLogger: SecurityEventsLogger = (entry) => {
  const line = JSON.stringify({ time: new Date().toISOString(), source: '@mana/security-events', ...entry });
  process.stderr.write(`${line}\n`);
};

/**
 * Calls the logger; a throwing logger never breaks the service.
 *
 * @example
 * ```ts
 * safeLog(logger, { level: 'info', event: 'write_recovered', message: 'writes recovered' });
 * ```
 */
export function safeLog(logger: SecurityEventsLogger, entry: SecurityEventsLogEntry): void {
  try {
    logger(entry);
  } catch {
    // A broken logger must not take the audit log down with it.
  }
}
