import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/** `O_NOFOLLOW` where the platform has it (not on Windows, where `O_EXCL` alone applies). */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Creates a new file for writing, refusing anything already at `path`: `O_CREAT | O_EXCL` (plus
 * `O_NOFOLLOW` where available), so a symlink planted there, even a dangling one, is never
 * followed; the open fails with `EEXIST` instead.
 *
 * @example
 * ```ts
 * import { openExclusive } from './open-exclusive.js';
 * const handle = await openExclusive('/var/lib/mana-auth/history.jsonl.lock');
 * await handle.close();
 * ```
 */
export function openExclusive(path: string, mode = 0o644): Promise<FileHandle> {
  return open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode);
}

/**
 * A name beside `path` that nobody can predict: `<path>.<24 random hex digits><suffix>`.
 *
 * @example
 * ```ts
 * import { unpredictableName } from './open-exclusive.js';
 * unpredictableName('/srv/history.jsonl', '.tmp'); // '/srv/history.jsonl.3f0c…9a.tmp'
 * ```
 */
export function unpredictableName(path: string, suffix: string): string {
  return `${path}.${randomBytes(12).toString('hex')}${suffix}`;
}
