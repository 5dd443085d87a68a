/**
 * Polls `check()` every 5 ms until it holds and returns the milliseconds that took; throws
 * `not within <withinMs> ms` once that long has passed without it holding.
 */
export async function within(withinMs: number, check: () => boolean | Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - started;
}
