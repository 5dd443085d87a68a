import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { HashPool } from './hash-pool.js';
import { HASH_WORKER_NICE_STEPS, lowerThreadPriority } from './thread-priority.js';

const linux = process.platform === 'linux';
const tsx = createRequire(import.meta.url).resolve('tsx/cjs');
const source = fileURLToPath(new URL('./thread-priority.ts', import.meta.url));

/** The nice value of a thread of this process, from /proc (field 19 of its stat line). */
function niceOf(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}
const threadNices = () => readdirSync('/proc/self/task').map((tid) => niceOf(`/proc/self/task/${tid}/stat`));
const ownNice = () => niceOf('/proc/thread-self/stat');

const row = JSON.stringify({
  id: '0194f000-0000-7000-8000-000000000001',
  u: 'user-1',
  t: 'logout',
  i: null,
  a: null,
  m: null,
  c: '2026-12-01T10:00:00.123456Z',
});

describe('the hash worker thread priority', () => {
  it.runIf(linux)(
    'runs the hash worker below the process, leaving the calling thread where it was',
    async () => {
      const base = ownNice();
      const lowered = Math.min(19, base + HASH_WORKER_NICE_STEPS);
      const before = threadNices().filter((nice) => nice === lowered).length;
      const pool = new HashPool(randomBytes(32), () => {}, 1);
      try {
        await pool.hash(`[${row}]`); // the worker has started and answered
        expect(pool.offThread).toBe(true);
        expect(threadNices().filter((nice) => nice === lowered).length).toBe(before + 1);
        expect(ownNice()).toBe(base);
        expect(getPriority()).toBe(base);
      } finally {
        await pool.close();
      }
      expect(threadNices().filter((nice) => nice === lowered).length).toBe(before);
    },
  );

  it.runIf(linux)('moves only the thread that asks, and stops at nice 19', async () => {
    const script = `
      const { parentPort } = require('node:worker_threads');
      require(${JSON.stringify(tsx)});
      const { lowerThreadPriority } = require(${JSON.stringify(source)});
      const { getPriority } = require('node:os');
      const moves = [];
      for (let i = 0; i < 6; i++) moves.push(lowerThreadPriority(5));
      parentPort.postMessage({ moves, nice: getPriority() });`;
    const worker = new Worker(script, { eval: true });
    const answer = await new Promise<{ moves: boolean[]; nice: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    const base = ownNice();
    const steps = Math.ceil((19 - base) / 5);
    expect(answer.nice).toBe(19);
    expect(answer.moves).toEqual(Array.from({ length: 6 }, (_, i) => i < steps));
    expect(ownNice()).toBe(base);
  });

  it('leaves the priority alone where a nice value is per process (macOS, Windows)', () => {
    const before = getPriority();
    expect(lowerThreadPriority(HASH_WORKER_NICE_STEPS, 'darwin')).toBe(false);
    expect(lowerThreadPriority(HASH_WORKER_NICE_STEPS, 'win32')).toBe(false);
    expect(getPriority()).toBe(before);
  });
});
