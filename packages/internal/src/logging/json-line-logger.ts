import type { ManaLogFields, ManaLogger, ManaLogLevel } from './mana-logger.js';

/**
 * The default {@link ManaLogger}: one JSON line per entry on stderr (or on `write`), in the order
 * `time`, `level`, `source`, `event`, `msg`, then the entry's own fields:
 * `{"time":"2026-01-01T00:00:00.000Z","level":"warn","source":"@mana/auth-core","event":"mail_send_failed","msg":"..."}`.
 * Debug entries are written too. `now` is the clock (default `Date.now`).
 *
 * @example
 * ```ts
 * createAuth({ database, secret, baseURL, logger: jsonLineLogger('@mana/auth-core') });
 * ```
 */
export function jsonLineLogger(
  source: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
  now: () => number = Date.now,
): ManaLogger {
  const method = (level: ManaLogLevel) => (fields: ManaLogFields, msg?: string) => {
    const { source: own, event, ...rest } = fields;
    const entry = { time: new Date(now()).toISOString(), level, source: own ?? source, event, msg, ...rest };
    write(`${JSON.stringify(entry, jsonSafe)}\n`);
  };
  return { error: method('error'), warn: method('warn'), info: method('info'), debug: method('debug') };
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
