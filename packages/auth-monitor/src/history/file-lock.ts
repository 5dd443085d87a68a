import { open, readFile, stat, unlink } from 'node:fs/promises';
import { MonitorError } from '../monitor-error.js';

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
 * Runs `fn` while holding an exclusive lock file (`O_EXCL` create, with the holder's PID inside),
 * so that overlapping cron runs never interleave writes to the same history file. Stale locks
 * from crashed runs are broken after `staleMs`.
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
  let delay = 5;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') {
        throw new MonitorError(
          'HISTORY_IO',
          `Cannot create lock file ${lockPath}: ${(error as Error).message}. Check that the folder exists and is writable.`,
          { cause: error },
        );
      }
      if (await breakIfStale(lockPath, now().getTime() - staleMs)) continue;
      if (now().getTime() >= deadline) {
        const holder = (await readFile(lockPath, 'utf8').catch(() => '?')).trim();
        throw new MonitorError(
          'HISTORY_LOCKED',
          `History is locked by process ${holder} (${lockPath}) for more than ${waitMs} ms. If no other mana-auth-health is running, delete the lock file.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 40);
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

/** Removes the lock file when it was last written before `staleBeforeMs` (epoch ms). */
async function breakIfStale(lockPath: string, staleBeforeMs: number): Promise<boolean> {
  try {
    const info = await stat(lockPath);
    if (info.mtimeMs > staleBeforeMs) return false;
    await unlink(lockPath);
    return true;
  } catch {
    return true; // vanished between open and stat: try again at once
  }
}
