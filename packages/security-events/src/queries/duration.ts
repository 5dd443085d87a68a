import { SecurityEventsError } from '../errors.js';

/**
 * A length of time: milliseconds as a number, or a number with a unit: `ms`, `s`, `m`
 * (minutes), `h`, `d`, `w`.
 *
 * @example
 * ```ts
 * const retention: Duration = '90d';
 * const window: Duration = 24 * 60 * 60 * 1000;
 * ```
 */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd' | 'w'}`;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_TEXT = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;

/**
 * The milliseconds a duration string stands for: a number (decimals allowed) and a unit, `ms`,
 * `s`, `m` (minutes), `h`, `d` or `w`, with optional space between them and around them.
 * `undefined` when `text` is not one (no unit, a sign, an exponent, another unit).
 *
 * @example
 * ```ts
 * parseDurationText('90d'); // 7_776_000_000
 * parseDurationText('1.5 h'); // 5_400_000
 * parseDurationText('90 days'); // undefined
 * ```
 */
export function parseDurationText(text: string): number | undefined {
  const match = DURATION_TEXT.exec(text.trim());
  return match ? Number(match[1]) * (UNIT_MS[match[2] as string] as number) : undefined;
}

/**
 * Converts a {@link Duration} to milliseconds; throws `INVALID_QUERY` naming `what` otherwise.
 *
 * @example
 * ```ts
 * durationToMs('24h', 'since'); // 86_400_000
 * ```
 */
export function durationToMs(duration: Duration, what: string): number {
  if (typeof duration === 'number') {
    if (Number.isFinite(duration) && duration >= 0) return duration;
  } else if (typeof duration === 'string') {
    const ms = parseDurationText(duration);
    if (ms !== undefined) return ms;
  }
  throw new SecurityEventsError(
    'INVALID_QUERY',
    `Invalid ${what}: ${JSON.stringify(duration)}. Use milliseconds (a number >= 0) or a string like '90d', '24h', '15m', '30s'.`,
  );
}

/**
 * The instant `value` designates: a `Date` as is, a {@link Duration} as that long before now.
 *
 * @example
 * ```ts
 * pointInTime('24h', 'since'); // a Date 24 hours ago
 * ```
 */
export function pointInTime(value: Date | Duration, what: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new SecurityEventsError('INVALID_QUERY', `Invalid ${what}: an invalid Date.`);
    return value;
  }
  return new Date(Date.now() - durationToMs(value, what));
}
