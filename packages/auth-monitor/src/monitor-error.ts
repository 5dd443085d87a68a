import { ManaError } from '@mana/internal';

/**
 * Machine-readable reasons for a {@link MonitorError}.
 *
 * - `INVALID_OPTION`: an option or CLI flag has a bad value.
 * - `INVALID_CONFIG`: the config file is not valid JSON or does not match the documented format.
 * - `CONFIG_NOT_FOUND`: the config file does not exist or cannot be read.
 * - `HISTORY_LOCKED`: another process holds the history file lock for too long.
 * - `HISTORY_IO`: the history file cannot be read or written.
 * - `HISTORY_INVALID`: the history file is not a mana-auth-monitor history file.
 *
 * @example
 * ```ts
 * import type { MonitorErrorCode } from '@mana/auth-monitor';
 * const code: MonitorErrorCode = 'INVALID_CONFIG';
 * ```
 */
export type MonitorErrorCode =
  | 'INVALID_OPTION'
  | 'INVALID_CONFIG'
  | 'CONFIG_NOT_FOUND'
  | 'HISTORY_LOCKED'
  | 'HISTORY_IO'
  | 'HISTORY_INVALID';

/**
 * Thrown when the monitor itself cannot do its job (bad option, unreadable config, locked
 * history). A failing *target* is never an exception: it is a `fail` in the report.
 * The message says what was wrong and how to fix it. It extends the family's `ManaError`, so
 * `code` is one of the shared codes, narrowed to {@link MonitorErrorCode}, and `cause` carries the
 * lower-level error.
 *
 * @example
 * ```ts
 * import { MonitorError, parseMonitorConfig } from '@mana/auth-monitor';
 * try {
 *   parseMonitorConfig({ targets: [] });
 * } catch (error) {
 *   if (error instanceof MonitorError) console.error(error.code, error.message);
 * }
 * ```
 */
export class MonitorError extends ManaError<MonitorErrorCode> {
  override readonly name: string = 'MonitorError';
}
