/**
 * Exponential backoff with "equal jitter": attempt 1 waits about `initialMs`, each next attempt
 * twice as long, capped at `maxMs`; the wait is drawn from [half, full] so writers that failed
 * together do not retry in lockstep.
 *
 * @example
 * ```ts
 * backoffDelay(3, 100, 10_000); // between 200 and 400
 * ```
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * Sleeps that can all be cut short (when the service stops). Their timers are unref'd: an
 * outage alone must not keep a process alive that has nothing else to do.
 *
 * @example
 * ```ts
 * const sleeps = new InterruptibleSleeps();
 * const waiting = sleeps.sleep(5_000);
 * sleeps.wakeAll(); // waiting resolves now
 * ```
 */
export class InterruptibleSleeps {
  private readonly sleepers = new Set<() => void>();

  /** Resolves after `ms`, or at once when {@link wakeAll} is called. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.sleepers.add(wake);
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
 * await withTimeout(pool.query(sql), 15_000, 'write timed out after 15000 ms');
 * ```
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timedOut]).finally(() => clearTimeout(timer));
}
