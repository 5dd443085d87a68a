import { parseDurationText } from '@mana/security-events';
import { CliUsageError } from './cli-error.js';

/**
 * The milliseconds of a duration flag value, by the parser of `@mana/security-events` (whose
 * queries take the same units), or `undefined`. Stricter than that parser, as the CLI has always
 * been: no space inside the value (`90d`, never `90 d`).
 */
const durationMs = (text: string): number | undefined =>
  /\s/.test(text.trim()) ? undefined : parseDurationText(text);

/**
 * A flag's duration in milliseconds: a number and a unit (`500ms`, `45s`, `30m`, `12h`, `90d`,
 * `2w`). Anything else (no unit, a negative or zero value) is a usage error naming the flag.
 *
 * @example
 * ```ts
 * parseCliDuration('90d', 'older-than'); // 7_776_000_000
 * ```
 */
export function parseCliDuration(text: string, flag: string): number {
  const ms = durationMs(text) ?? Number.NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new CliUsageError(
      `--${flag} ${JSON.stringify(text)} is not a duration`,
      'give a number and a unit: ms, s, m, h, d or w, e.g. 90d or 12h',
    );
  }
  return Math.round(ms);
}

/**
 * A flag's point in time: an ISO 8601 date or date-time, or a duration meaning "that long ago"
 * (`24h` = 24 hours before `now`).
 *
 * @example
 * ```ts
 * parseCliTime('2026-01-31', 'since'); // 2026-01-31T00:00:00.000Z
 * parseCliTime('24h', 'since'); // a day ago
 * ```
 */
export function parseCliTime(text: string, flag: string, now: () => number = Date.now): Date {
  if (durationMs(text) !== undefined) return new Date(now() - parseCliDuration(text, flag));
  const iso = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim());
  const date = new Date(text.trim());
  if (!iso || Number.isNaN(date.getTime())) {
    throw new CliUsageError(
      `--${flag} ${JSON.stringify(text)} is neither a date nor a duration`,
      'give an ISO 8601 time such as 2026-01-31T12:00:00Z, or a duration ago such as 24h',
    );
  }
  return date;
}
