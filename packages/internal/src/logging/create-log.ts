import { jsonLineLogger } from './json-line-logger.js';
import type { ManaLogFields, ManaLogger, ManaLogLevel } from './mana-logger.js';
import { redactText, redactValue } from './redact.js';

/** Fields of one entry besides `source` and `event`; redacted before any logger sees them. */
export type LogFields = Record<string, unknown>;

/** One level of a {@link ManaLog}: a stable event name, a message, optional fields. */
export type LogAt = (event: string, msg: string, fields?: LogFields) => void;

/**
 * What library code writes to: entries tagged with the package's `source`, redacted, handed to
 * the configured {@link ManaLogger}, and never thrown from (a throwing or rejecting logger is
 * ignored). Create one per package instance with {@link createManaLog}.
 */
export interface ManaLog {
  readonly source: string;
  readonly logger: ManaLogger;
  error: LogAt;
  warn: LogAt;
  info: LogAt;
  debug: LogAt;
}

/**
 * Wraps `logger` (default: `jsonLineLogger(source)`, stderr) as a {@link ManaLog} for `source`.
 *
 * @example
 * ```ts
 * const log = createManaLog(options.logger, '@mana/auth-core');
 * log.warn('mail_send_failed', 'sending the password-reset email failed', { error });
 * ```
 */
export function createManaLog(logger: ManaLogger | undefined, source: string): ManaLog {
  const target = logger ?? jsonLineLogger(source);
  const at =
    (level: ManaLogLevel): LogAt =>
    (event, msg, fields) => {
      const method = target[level];
      if (typeof method !== 'function') return;
      try {
        const entry = { ...(redactValue(fields ?? {}) as LogFields), source, event } as ManaLogFields;
        const result: unknown = method.call(target, entry, redactText(msg));
        if (result instanceof Promise) result.catch(() => {});
      } catch {
        // A broken logger must not take the service down with it.
      }
    };
  return {
    source,
    logger: target,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
  };
}
