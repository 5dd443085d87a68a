import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonitorError } from '../monitor-error.js';
import { withFileLock } from './file-lock.js';
import { appendHistory } from './history-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mana-lock-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A clock that starts at `start` and moves `stepMs` forward every time it is read. */
function steppingClock(start: number, stepMs: number): () => Date {
  let at = start;
  return () => {
    const now = new Date(at);
    at += stepMs;
    return now;
  };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('file lock', () => {
  it('holds the lock file (with its PID and a random token) while the work runs and removes it afterwards', async () => {
    const lock = join(dir, 'held.lock');
    const inside = await withFileLock(lock, () => readFile(lock, 'utf8'));
    expect(inside).toMatch(new RegExp(`^${process.pid} [0-9a-f]{24}\n$`));
    expect(await exists(lock)).toBe(false);
  });

  it('gives up with HISTORY_LOCKED once its clock passes waitMs, and leaves the holder alone', async () => {
    const lock = join(dir, 'busy.lock');
    await writeFile(lock, '4242\n');
    let ran = false;
    const error = await withFileLock(
      lock,
      async () => {
        ran = true;
      },
      { waitMs: 15_000, now: steppingClock(Date.now(), 10_000) },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MonitorError);
    expect(error).toMatchObject({ code: 'HISTORY_LOCKED' });
    expect((error as Error).message).toContain(
      `History is locked by process 4242 (${lock}) for more than 15000 ms`,
    );
    expect(ran).toBe(false);
    expect(await readFile(lock, 'utf8')).toBe('4242\n');
  });

  it('breaks a lock older than staleMs by its clock, and only then', async () => {
    const lock = join(dir, 'stale.lock');
    await writeFile(lock, '4242\n');
    const written = Date.now();
    const fresh = await withFileLock(lock, async () => 'ran', {
      waitMs: 0,
      now: () => new Date(written + 60_000),
    }).catch((e: unknown) => e);
    expect(fresh).toMatchObject({ code: 'HISTORY_LOCKED' });
    const stale = await withFileLock(lock, async () => readFile(lock, 'utf8'), {
      waitMs: 0,
      now: () => new Date(written + 121_000),
    });
    expect(stale).toMatch(new RegExp(`^${process.pid} [0-9a-f]{24}\n$`));
    expect(await exists(lock)).toBe(false);
  });

  it('is what appendHistory waits for: a locked history is not written', async () => {
    const file = join(dir, 'history.jsonl');
    await writeFile(`${file}.lock`, '4242\n');
    const entry = {
      type: 'check' as const,
      at: new Date().toISOString(),
      target: 'eu',
      url: 'http://127.0.0.1/api/v1/auth',
      status: 'healthy' as const,
      ms: 12,
      checks: { health: 'pass' as const },
      problems: [],
    };
    await expect(appendHistory(file, [entry], { lock: { waitMs: 0 } })).rejects.toMatchObject({
      code: 'HISTORY_LOCKED',
    });
    expect(await exists(file)).toBe(false);
  });
});
