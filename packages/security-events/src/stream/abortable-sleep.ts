import type { WriterClock } from '../writer/writer-clock.js';

/**
 * Waits `ms` on `clock`; resolves early (false) when `signal` aborts, true otherwise.
 *
 * @example
 * ```ts
 * if (!(await abortableSleep(systemClock, 1000, signal))) return; // aborted
 * ```
 */
export function abortableSleep(clock: WriterClock, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      timer.cancel();
      resolve(false);
    };
    const timer = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
