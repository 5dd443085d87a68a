import type { WriterClock, WriterTimer } from './writer-clock.js';

/**
 * Exponential backoff with "equal jitter": attempt 1 waits about `initialMs`, each next attempt
 * twice as long, capped at `maxMs`; the wait is drawn from [half, full] so writers that failed
 * together do not retry in lockstep.
 *
 * @example
 * ```ts
 * backoffDelay(3, 100, 10_000); // between 200 and 400
 * backoffDelay(3, 100, 10_000, () => 0); // 200
 * ```
 */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(base / 2 + random() * (base / 2));
}

/**
 * Sleeps that can all be cut short (when the service stops). Their timers are unref'd: an
 * outage alone must not keep a process alive that has nothing else to do.
 *
 * @example
 * ```ts
 * const sleeps = new InterruptibleSleeps(systemClock);
 * const waiting = sleeps.sleep(5_000);
 * sleeps.wakeAll(); // waiting resolves now
 * ```
 */
export class InterruptibleSleeps {
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly clock: WriterClock) {}

  /** Resolves after `ms` on the clock, or at once when {@link wakeAll} is called. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: WriterTimer | undefined;
      const wake = () => {
        timer?.cancel();
        this.sleepers.delete(wake);
        resolve();
      };
      this.sleepers.add(wake);
      timer = this.clock.setTimer(wake, ms, { unref: true });
    });
  }

  /** Ends every pending sleep now. */
  wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}

/**
 * Resolves or rejects like `promise`, or rejects with `message` after `ms`. The late outcome of
 * `promise` is ignored (never an unhandled rejection).
 *
 * @example
 * ```ts
 * await withTimeout(pool.query(sql), 15_000, 'write timed out after 15000 ms', systemClock);
 * ```
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  message: string,
  clock: WriterClock,
): Promise<T> {
  promise.catch(() => {});
  let timer: WriterTimer | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = clock.setTimer(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timedOut]).finally(() => timer?.cancel());
}
