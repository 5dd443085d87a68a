import { lstat, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock.js';
import { breakStaleLock } from './stale-lock.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mana-stale-lock-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HOUR = 3_600_000;

/** A lock file left by a crashed run an hour ago. */
async function plantStaleLock(name: string): Promise<string> {
  const lock = join(dir, name);
  await writeFile(lock, '4242 crashed\n');
  const anHourAgo = new Date(Date.now() - HOUR);
  await utimes(lock, anHourAgo, anHourAgo);
  return lock;
}

describe('breaking a stale lock', () => {
  it('of two concurrent breakers, exactly one wins', async () => {
    for (let round = 0; round < 20; round++) {
      const lock = await plantStaleLock(`race-${round}.lock`);
      const seen = await lstat(lock);
      const staleBefore = Date.now() - 60_000;
      const outcomes = await Promise.all([
        breakStaleLock(lock, seen, staleBefore),
        breakStaleLock(lock, seen, staleBefore),
      ]);
      expect(outcomes.sort()).toEqual(['broken', 'gone']);
    }
    expect((await readdir(dir)).filter((f) => f.includes('.stale'))).toEqual([]);
  });

  it('never removes the fresh lock another process took after the stale one was seen', async () => {
    const lock = await plantStaleLock('late.lock');
    const seenByA = await lstat(lock);
    const seenByB = await lstat(lock);
    const staleBefore = Date.now() - 60_000;
    expect(await breakStaleLock(lock, seenByA, staleBefore)).toBe('broken');
    // A takes the lock; only then does B, which judged the old file stale, act on it.
    await writeFile(lock, '5151 fresh\n', { flag: 'wx' });
    expect(await breakStaleLock(lock, seenByB, staleBefore)).toBe('fresh');
    expect(await readFile(lock, 'utf8')).toBe('5151 fresh\n');
    expect((await readdir(dir)).filter((f) => f.startsWith('late.lock.'))).toEqual([]);
  });

  it('lets many contenders through a stale lock one at a time', async () => {
    const lock = await plantStaleLock('contended.lock');
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, id) =>
        withFileLock(
          lock,
          async () => {
            inside++;
            most = Math.max(most, inside);
            await new Promise((resolve) => setTimeout(resolve, 2));
            order.push(id);
            inside--;
          },
          { waitMs: 10_000 },
        ),
      ),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect((await readdir(dir)).filter((f) => f.startsWith('contended.lock'))).toEqual([]);
  });
});
