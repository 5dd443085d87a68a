import type { Stats } from 'node:fs';
import { link, lstat, rename, unlink } from 'node:fs/promises';
import { unpredictableName } from './open-exclusive.js';

/**
 * What {@link breakStaleLock} did: `broken` (this caller removed the stale lock), `gone` (the
 * lock had already been removed, by its holder or another breaker) or `fresh` (the file at the
 * lock path was no longer the stale lock that was seen; it was left in place).
 *
 * @example
 * ```ts
 * import type { BreakOutcome } from './stale-lock.js';
 * const outcome: BreakOutcome = 'broken';
 * ```
 */
export type BreakOutcome = 'broken' | 'gone' | 'fresh';

/**
 * Removes a stale lock file without ever removing a fresh one: the lock is first renamed to a
 * unique name (atomic: of several concurrent breakers exactly one gets it, the others see
 * `ENOENT`), then checked to be the very file that was judged stale (same device and inode, old
 * mtime) and only then deleted. When another process had already replaced the stale lock with
 * its own between `seen` and the rename, that lock is linked back in place (`link` never
 * overwrites) and `fresh` is returned.
 *
 * @param seen `lstat` of the lock file when it was judged stale.
 * @param staleBeforeMs a lock last written before this time (epoch ms) is stale.
 * @example
 * ```ts
 * import { lstat } from 'node:fs/promises';
 * import { breakStaleLock } from './stale-lock.js';
 * const seen = await lstat('history.jsonl.lock');
 * if (seen.mtimeMs < Date.now() - 120_000) await breakStaleLock('history.jsonl.lock', seen, Date.now() - 120_000);
 * ```
 */
export async function breakStaleLock(
  lockPath: string,
  seen: Stats,
  staleBeforeMs: number,
): Promise<BreakOutcome> {
  const aside = unpredictableName(lockPath, '.stale');
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 'gone';
    throw error;
  }
  const moved = await lstat(aside);
  if (moved.dev === seen.dev && moved.ino === seen.ino && moved.mtimeMs <= staleBeforeMs) {
    await unlink(aside);
    return 'broken';
  }
  // Someone else's live lock: put it back unless yet another lock has appeared meanwhile.
  await link(aside, lockPath).catch(() => undefined);
  await unlink(aside);
  return 'fresh';
}
