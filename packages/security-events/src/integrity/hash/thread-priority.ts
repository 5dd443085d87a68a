import { getPriority, setPriority } from 'node:os';

/**
 * Nice steps the hash worker lowers its own thread's scheduling priority by. Audit hashing is
 * background work: when the cores are busy, the thread serving requests (the callers of
 * `logEvent`) should get them first. At +5 (CFS weight 335 against 1024) the worker still gets
 * about a quarter of a contended core, more than the hashing needs at the writer's speed, so the
 * log keeps pace (measured in docs/benchmarks.md: events/s unchanged, the callers' cost lower).
 */
export const HASH_WORKER_NICE_STEPS = 5;

/**
 * Lowers the calling thread's scheduling priority by `steps` (capped at nice 19), on Linux only:
 * Linux keeps a nice value per thread, so only the calling thread moves; elsewhere (macOS,
 * Windows) the same call would lower the whole process. Best effort: returns whether it moved.
 *
 * @example
 * ```ts
 * lowerThreadPriority(HASH_WORKER_NICE_STEPS); // in the hash worker, at start
 * ```
 */
export function lowerThreadPriority(steps: number, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false;
  try {
    const current = getPriority();
    const lowered = Math.min(19, current + steps);
    if (lowered === current) return false;
    setPriority(lowered);
    return true;
  } catch {
    return false; // a sandbox that refuses setpriority: the worker runs at the process's priority
  }
}
