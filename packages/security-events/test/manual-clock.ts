import type { WriterClock, WriterTimer } from '../src/writer/writer-clock.js';

interface Pending {
  at: number;
  seq: number;
  callback: () => void;
}

/**
 * A {@link WriterClock} that only moves when the test says so: the writer's flush interval,
 * retry backoff and timeouts fire on {@link ManualClock.advance}, never on their own. Jitter is
 * fixed at the middle of its range.
 */
export class ManualClock implements WriterClock {
  private current = Date.parse('2026-01-01T00:00:00Z');
  private seq = 0;
  private readonly timers = new Set<Pending>();

  now(): number {
    return this.current;
  }

  random(): number {
    return 0.5;
  }

  setTimer(callback: () => void, ms: number): WriterTimer {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, callback };
    this.timers.add(timer);
    return { cancel: () => this.timers.delete(timer) };
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves the clock `ms` forward, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const timer of this.timers) {
        if (
          timer.at <= end &&
          (!next || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq))
        )
          next = timer;
      }
      if (!next) break;
      this.timers.delete(next);
      this.current = next.at;
      next.callback();
    }
    this.current = end;
  }
}

/**
 * Resolves `promise` while moving `clock` forward `stepMs` at a time; between steps the real
 * event loop runs briefly so that socket I/O (the database) makes progress. Fails after
 * `maxSteps` steps.
 */
export async function settleWithClock<T>(
  clock: ManualClock,
  promise: Promise<T>,
  stepMs: number,
  maxSteps = 1000,
): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let step = 0; !settled; step++) {
    if (step >= maxSteps) throw new Error(`still pending after ${maxSteps} clock steps of ${stepMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
    if (settled) break;
    clock.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return promise;
}
