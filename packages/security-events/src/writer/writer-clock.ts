/**
 * A pending timer of a {@link WriterClock}.
 *
 * @example
 * ```ts
 * const timer = systemClock.setTimer(() => flush(), 200);
 * timer.cancel();
 * ```
 */
export interface WriterTimer {
  /** Stops the timer; safe to call after it fired. */
  cancel(): void;
}

/**
 * The time source of the batch writer: its flush interval, retry backoff (and jitter), write
 * timeout and `flush`/`close` time limits. Default {@link systemClock}; a test passes a clock it
 * moves by hand instead of sleeping.
 *
 * @example
 * ```ts
 * const service = new SecurityEventsService({ database: pool, clock: systemClock });
 * ```
 */
export interface WriterClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Calls `callback` once, `ms` from now. With `unref`, the timer alone does not keep the
   * process alive (a retry wait during an outage must not block a process from exiting).
   */
  setTimer(callback: () => void, ms: number, options?: { unref?: boolean }): WriterTimer;
  /** A number in [0, 1), for the retry jitter. Default `Math.random`. */
  random?(): number;
}

/**
 * The real clock: `Date.now`, `setTimeout` (looked up at each call, so vitest fake timers
 * apply to it too) and `Math.random`.
 *
 * @example
 * ```ts
 * systemClock.setTimer(() => console.log('later'), 1000, { unref: true });
 * ```
 */
export const systemClock: WriterClock = Object.freeze({
  now: () => Date.now(),
  setTimer(callback: () => void, ms: number, options?: { unref?: boolean }): WriterTimer {
    const handle = setTimeout(callback, ms);
    if (options?.unref) handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
  random: () => Math.random(),
});
