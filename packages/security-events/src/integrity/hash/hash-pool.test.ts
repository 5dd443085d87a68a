import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SecurityEventsLogEntry } from '../../writer/logger.js';
import { merkleRootOfLeaves } from '../merkle.js';
import { hashBatch } from './batch-hash.js';
import { HashPool } from './hash-pool.js';

const commitKey = randomBytes(32);
const row = (i: number) =>
  JSON.stringify({
    id: `0194f000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    u: i % 3 === 0 ? null : `user-${i}`,
    t: 'login_success',
    i: i % 3 === 0 ? null : `198.51.100.${i % 250}`,
    a: null,
    m: i % 2 === 0 ? { email: `u${i}@example.com`, method: 'email', n: i, nested: { b: 1, a: 'é' } } : null,
    c: '2026-12-01T10:00:00.123456Z',
  });
/** What the pool answers for rows: the reference hash without the root. */
const chunkOf = (json: string) => {
  const { ids, leaves } = hashBatch(json, commitKey);
  return { ids, leaves };
};
const batch = (from: number, n: number) =>
  `[${Array.from({ length: n }, (_, k) => row(from + k)).join(',')}]`;

function capture(): { log: (entry: SecurityEventsLogEntry) => void; entries: SecurityEventsLogEntry[] } {
  const entries: SecurityEventsLogEntry[] = [];
  return { entries, log: (entry) => void entries.push(entry) };
}

describe('HashPool', () => {
  it('hashes rows in worker threads, with the same ids and leaves as the writer would', async () => {
    const logger = capture();
    const pool = new HashPool(commitKey, logger.log, 2);
    try {
      const jsons = [batch(0, 500), batch(500, 1), batch(501, 77), batch(578, 3)];
      const hashed = await Promise.all(jsons.map((json) => pool.hash(json)));
      expect(hashed).toEqual(jsons.map(chunkOf));
      expect(hashed[0]?.leaves.length).toBe(500 * 32);
      expect(merkleRootOfLeaves(hashed[0]!.leaves)).toEqual(hashBatch(jsons[0] as string, commitKey).root);
      expect(logger.entries).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('answers every chunk of a burst exactly, each with its own rows', async () => {
    const pool = new HashPool(commitKey, () => {}, 1);
    try {
      const jsons = Array.from({ length: 24 }, (_, k) => batch(k * 300, 300));
      expect(await Promise.all(jsons.map((json) => pool.hash(json)))).toEqual(jsons.map(chunkOf));
    } finally {
      await pool.close();
    }
  });

  it('hashes in the writer, saying so once, when no worker script is there', async () => {
    const logger = capture();
    const pool = new HashPool(commitKey, logger.log, 2, () => null);
    const json = batch(0, 20);
    expect(await pool.hash(json)).toEqual(chunkOf(json));
    expect(await pool.hash(batch(20, 5))).toEqual(chunkOf(batch(20, 5)));
    expect(logger.entries.map((entry) => [entry.level, entry.event])).toEqual([
      ['warn', 'integrity_worker_unavailable'],
    ]);
    await pool.close();
  });

  it('hashes the waiting batches in the writer when a worker cannot load', async () => {
    const logger = capture();
    const pool = new HashPool(commitKey, logger.log, 1, () => ({
      script: '/nonexistent/worker.js',
      eval: false,
    }));
    const json = batch(0, 10);
    expect(await pool.hash(json)).toEqual(chunkOf(json));
    expect(logger.entries.map((entry) => entry.event)).toEqual(['integrity_worker_unavailable']);
    await pool.close();
  });

  it('hashes a chunk in the writer when the worker answers it with an error, and stays off the event loop otherwise', async () => {
    const logger = capture();
    const failing = `const { parentPort } = require('node:worker_threads');
      parentPort.on('message', ({ seq }) => parentPort.postMessage({ seq, error: 'cannot hash' }));`;
    const pool = new HashPool(commitKey, logger.log, 1, () => ({ script: failing, eval: true }));
    try {
      const json = batch(0, 7);
      expect(await pool.hash(json)).toEqual(chunkOf(json));
      expect(pool.offThread).toBe(true);
      expect(logger.entries).toEqual([]);
    } finally {
      await pool.close();
    }
  });
});
