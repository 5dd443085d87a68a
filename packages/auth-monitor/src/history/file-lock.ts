import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { type FileHandle, lstat, readFile, unlink } from 'node:fs/promises';
import { MonitorError } from '../monitor-error.js';
import { openExclusive } from './open-exclusive.js';
import { type BreakOutcome, breakStaleLock } from './stale-lock.js';

/**
 * Options of {@link withFileLock}.
 *
 * @example
 * ```ts
 * import type { FileLockOptions } from './file-lock.js';
 * const options: FileLockOptions = { waitMs: 15_000, staleMs: 120_000 };
 * ```
 */
export interface FileLockOptions {
  /** Give up after waiting this long for the lock. Default 15 000. */
  waitMs?: number;
  /** A lock file older than this is left over from a crashed process and is removed. Default 120 000. */
  staleMs?: number;
  /**
   * Clock, read for the wait deadline and for the age of a lock file (tests move it instead of
   * sleeping). Default: the system clock.
   */
  now?: () => Date;
}

/**
 * Runs `fn` while holding an exclusive lock file, so that overlapping cron runs never interleave
 * writes to the same history file. The lock is created with `O_CREAT | O_EXCL | O_NOFOLLOW` (a
 * planted symlink is never followed) and holds the holder's PID and a random token; on release
 * it is removed only while it still holds that token. A lock last written more than `staleMs`
 * ago (a crashed run) is broken by rename (see `breakStaleLock`), so that of several processes
 * breaking it at once exactly one removes it and none removes a fresh lock.
 *
 * @throws {MonitorError} `HISTORY_LOCKED` when the lock stays taken for `waitMs`.
 * @example
 * ```ts
 * import { withFileLock } from './file-lock.js';
 * await withFileLock('/var/lib/mana-auth/history.jsonl.lock', async () => {
 *   // read-modify-write the history file
 * });
 * ```
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const waitMs = options.waitMs ?? 15_000;
  const staleMs = options.staleMs ?? 120_000;
  const now = options.now ?? (() => new Date());
  const deadline = now().getTime() + waitMs;
  const content = `${process.pid} ${randomBytes(12).toString('hex')}\n`;
  let delay = 5;
  while (!(await tryCreate(lockPath, content))) {
    const seen = await lstat(lockPath).catch(() => null);
    if (seen === null) continue; // released between our open and lstat: try again at once
    const staleBefore = now().getTime() - staleMs;
    if (seen.mtimeMs <= staleBefore && (await breakStale(lockPath, seen, staleBefore)) !== 'fresh') continue;
    if (now().getTime() >= deadline) {
      const holder = (await readFile(lockPath, 'utf8').catch(() => '?')).trim().split(' ')[0];
      throw new MonitorError(
        'HISTORY_LOCKED',
        `History is locked by process ${holder} (${lockPath}) for more than ${waitMs} ms. If no other mana-auth-health is running, delete the lock file.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 40);
  }
  try {
    return await fn();
  } finally {
    await release(lockPath, content);
  }
}

/** {@link breakStaleLock}, with a file-system failure (permissions, say) as a `HISTORY_IO` error. */
async function breakStale(lockPath: string, seen: Stats, staleBefore: number): Promise<BreakOutcome> {
  try {
    return await breakStaleLock(lockPath, seen, staleBefore);
  } catch (error) {
    throw new MonitorError(
      'HISTORY_IO',
      `Cannot break the stale lock file ${lockPath}: ${(error as Error).message}. Check that its folder is writable, or delete the lock file.`,
      { cause: error },
    );
  }
}

/** Creates the lock file with `content`; false when a lock (or anything else) is already there. */
async function tryCreate(lockPath: string, content: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await openExclusive(lockPath);
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return false;
    throw new MonitorError(
      'HISTORY_IO',
      `Cannot create lock file ${lockPath}: ${(error as Error).message}. Check that the folder exists and is writable.`,
      { cause: error },
    );
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}

/** Removes the lock file if it is still ours (a breaker may have judged it stale meanwhile). */
async function release(lockPath: string, content: string): Promise<void> {
  const current = await readFile(lockPath, 'utf8').catch(() => null);
  if (current === content) await unlink(lockPath).catch(() => undefined);
}
