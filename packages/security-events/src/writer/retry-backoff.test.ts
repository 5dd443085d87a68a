import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, InterruptibleSleeps, withTimeout } from './retry-backoff.js';
import { systemClock } from './writer-clock.js';

describe('retry backoff', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('doubles the delay per attempt up to the cap, jittered within [half, full]', () => {
    expect([1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, 100, 1_000, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, 100, 1_000, () => 0.999_999))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it('sleeps on the clock and wakes every sleeper at once when asked', async () => {
    const sleeps = new InterruptibleSleeps(systemClock);
    let short = false;
    let long = false;
    void sleeps.sleep(100).then(() => (short = true));
    void sleeps.sleep(60_000).then(() => (long = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(short).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect([short, long]).toEqual([true, false]);
    sleeps.wakeAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(long).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times out a promise that does not settle in time, and lets a fast one through', async () => {
    const slow = withTimeout(new Promise<never>(() => {}), 300, 'write timed out after 300 ms', systemClock);
    const outcome = slow.catch((error: Error) => error.message);
    await vi.advanceTimersByTimeAsync(300);
    expect(await outcome).toBe('write timed out after 300 ms');
    expect(await withTimeout(Promise.resolve('ok'), 300, 'late', systemClock)).toBe('ok');
    expect(vi.getTimerCount()).toBe(0);
  });
});
