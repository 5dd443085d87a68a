/** Delays between reconnection attempts of a listening connection. */
export interface ReconnectBackoff {
  /** First delay, in milliseconds. Default 100. */
  initialDelayMs?: number;
  /** Longest delay, in milliseconds. Default 5000. */
  maxDelayMs?: number;
}

/** The delay before attempt `attempt` (0-based): doubling from `initialDelayMs` up to `maxDelayMs`. */
export function backoffDelay(backoff: ReconnectBackoff, attempt: number): number {
  const initial = backoff.initialDelayMs ?? 100;
  const max = backoff.maxDelayMs ?? 5000;
  return Math.min(max, initial * 2 ** Math.min(attempt, 20));
}

/** A wait that `cancel()` ends early (on close). */
export function cancellableSleep(ms: number): { done: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return {
    done,
    cancel() {
      clearTimeout(timer);
      finish();
    },
  };
}
