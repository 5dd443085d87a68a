import {
  createManaLog,
  isManaLogger,
  type ManaLog,
  type ManaLogger,
  redactValue,
  jsonLineLogger as sharedJsonLineLogger,
} from '@mana/internal';
import { invalidOption } from '../errors.js';

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
  | 'close_timeout'
  // integrity: a checkpoint could not be stored or sent to its sink
  | 'checkpoint_failed'
  // integrity: no hash worker could run; the writer hashes on the event loop (slower)
  | 'integrity_worker_unavailable'
  // integrity: erasing a user's personal data failed (e.g. before deleting the user)
  | 'erasure_failed';

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
 * The old function form of the `logger` option: receives each entry whole.
 *
 * @deprecated Pass a {@link ManaLogger} instead (pino's shape, shared by every `@mana/*`
 * package): `logger: pino()`. The function form keeps working; its entries are redacted too.
 *
 * @example
 * ```ts
 * const logger: SecurityEventsLogger = (entry) => pino[entry.level](entry, entry.message);
 * ```
 */
export type SecurityEventsLogger = (entry: SecurityEventsLogEntry) => void;

/**
 * The `logger` option of `SecurityEventsService` and of the `securityEvents` plugin: a
 * {@link ManaLogger} (`pino()`, or an adapter for winston or Nest), the deprecated function form,
 * or `false` to silence the service. Default: `jsonLineLogger('@mana/security-events')`.
 *
 * @example
 * ```ts
 * const logger: SecurityEventsLoggerOption = pino();
 * ```
 */
export type SecurityEventsLoggerOption = ManaLogger | SecurityEventsLogger | false;

/** The `source` of every entry `@mana/security-events` writes. */
export const SECURITY_EVENTS_LOG_SOURCE = '@mana/security-events';

/**
 * The default logger: one JSON line per entry on stderr
 * (`{"time":...,"level":"warn","source":"@mana/security-events","event":"events_dropped","msg":...}`).
 * Called with a source, it returns a {@link ManaLogger} for that source; called with an entry
 * (the deprecated function form, `logger: jsonLineLogger`), it writes that entry.
 *
 * @example
 * ```ts
 * new SecurityEventsService({ database, logger: jsonLineLogger('@mana/security-events') });
 * ```
 */
export function jsonLineLogger(source?: string): ManaLogger;
/** @deprecated The function form: writes one entry. Pass `jsonLineLogger()` (a ManaLogger) instead. */
export function jsonLineLogger(entry: SecurityEventsLogEntry): void;
export function jsonLineLogger(arg?: string | SecurityEventsLogEntry): ManaLogger | undefined {
  if (typeof arg === 'object' && arg !== null) {
    writeEntry(createManaLog(undefined, SECURITY_EVENTS_LOG_SOURCE), arg);
    return undefined;
  }
  return sharedJsonLineLogger(arg ?? SECURITY_EVENTS_LOG_SOURCE);
}

function writeEntry(log: ManaLog, entry: SecurityEventsLogEntry): void {
  const { level, event, message, ...fields } = entry;
  log[level](event, message, fields);
}

/**
 * The `logger` option as the function the writer calls: entries go to a ManaLogger through the
 * shared redaction step, or (deprecated) to a function, redacted as well; `false` drops them.
 * Throws `SecurityEventsError` (`INVALID_OPTION`) for anything else.
 *
 * @example
 * ```ts
 * const write = resolveLogger(pino());
 * ```
 */
export function resolveLogger(option: SecurityEventsLoggerOption | undefined): SecurityEventsLogger {
  if (option === false) return () => {};
  if (option === undefined || isManaLogger(option)) {
    const log = createManaLog(option, SECURITY_EVENTS_LOG_SOURCE);
    return (entry) => writeEntry(log, entry);
  }
  if (typeof option === 'function') {
    return (entry) => option(redactValue(entry) as SecurityEventsLogEntry);
  }
  return invalidOption(
    'logger',
    option,
    'Pass a logger with error, warn and info methods (e.g. pino()), or false to silence it.',
  );
}
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
