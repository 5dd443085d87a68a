import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type SecurityEventsLogger, safeLog } from '../../writer/logger.js';
import { merkleRootOfLeaves } from '../merkle.js';
import { type ChunkHash, createChunkHasher } from './batch-hash.js';
import type { HashReply, HashRequest } from './hash-messages.js';
import { hashWorkerStart } from './worker-file.js';

interface PoolWorker {
  worker: Worker;
  /** Every job posted to this worker and not answered yet, by sequence number. */
  jobs: Map<number, Job>;
}

interface Job {
  /** The same work in the writer (no worker, or the worker failed on it). */
  here: () => unknown;
  decode: (reply: HashReply & { error?: undefined }) => unknown;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/** Workers per pool: one per core the event loop does not need, at least one, at most two. */
export const HASH_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));

/**
 * The hash workers of one writer: events are hashed (`createChunkHasher`) off the event loop the
 * callers of `logEvent` share. Workers start with the first chunk, do not keep the process alive
 * while idle, and stop on {@link HashPool.close}. When no worker can run (script missing because
 * the library was bundled, worker crashed), the pool says so once in the log and hashes in the
 * writer itself: slower, same hashes.
 *
 * @example
 * ```ts
 * const pool = new HashPool(commitKey, logger);
 * const { ids, leaves } = await pool.hash(json);
 * const root = await pool.root(leaves);
 * await pool.close();
 * ```
 */
export class HashPool {
  private readonly workers: PoolWorker[] = [];
  private inline = false;
  private seq = 0;
  /** The in-process hasher, made on first use (no worker could run, or closed). */
  private here: ((json: string) => ChunkHash) | undefined;

  constructor(
    private readonly commitKey: Buffer,
    private readonly logger: SecurityEventsLogger,
    private readonly size: number = HASH_WORKERS,
    private readonly locate: typeof hashWorkerStart = hashWorkerStart,
  ) {}

  /** False once the pool hashes in the writer (no worker could run, or closed). */
  get offThread(): boolean {
    return !this.inline;
  }

  /** The ids and leaf hashes of rows (a JSON array of them, as the writer inserts them). */
  hash(json: string): Promise<ChunkHash> {
    return this.submit(
      { seq: 0, json },
      () => {
        this.here ??= createChunkHasher(this.commitKey);
        return this.here(json);
      },
      (reply) => ({ ids: reply.ids as string, leaves: Buffer.from(reply.leaves as ArrayBuffer) }),
    );
  }

  /** The Merkle root of leaf hashes (32 bytes each, concatenated). */
  root(leaves: Buffer): Promise<Buffer> {
    return this.submit(
      { seq: 0, leaves },
      () => merkleRootOfLeaves(leaves),
      (reply) => Buffer.from(reply.root as ArrayBuffer),
    );
  }

  private submit<T>(
    request: HashRequest,
    here: () => T,
    decode: (reply: HashReply & { error?: undefined }) => T,
  ): Promise<T> {
    const target = this.inline ? undefined : this.pick();
    if (target === undefined) return settle(here);
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      if (target.jobs.size === 0) target.worker.ref();
      target.jobs.set(seq, { here, decode, resolve: resolve as (result: unknown) => void, reject });
      target.worker.postMessage({ ...request, seq });
    });
  }

  /** Stops the workers; later work is done in the writer. */
  async close(): Promise<void> {
    this.inline = true;
    await Promise.all(this.workers.splice(0).map((entry) => this.stop(entry)));
  }

  /** The least busy worker, starting one while fewer than `size` run. */
  private pick(): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const candidate of this.workers)
      if (best === undefined || candidate.jobs.size < best.jobs.size) best = candidate;
    if ((best === undefined || best.jobs.size > 0) && this.workers.length < this.size) {
      best = this.start() ?? best;
    }
    return best;
  }

  private start(): PoolWorker | undefined {
    const start = this.locate();
    if (start === null) {
      this.fail('the hash worker script is not next to the library (bundled?)');
      return undefined;
    }
    let worker: Worker;
    try {
      worker = new Worker(start.script, { eval: start.eval, workerData: this.commitKey });
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
      return undefined;
    }
    const entry: PoolWorker = { worker, jobs: new Map() };
    worker.unref();
    worker.on('message', (reply: HashReply) => this.answer(entry, reply));
    worker.on('error', (error) => this.fail(error.message));
    worker.on('exit', (code) => {
      if (entry.jobs.size > 0) this.fail(`a hash worker exited with code ${code}`);
    });
    this.workers.push(entry);
    return entry;
  }

  private answer(entry: PoolWorker, reply: HashReply): void {
    const job = entry.jobs.get(reply.seq);
    if (job === undefined) return;
    entry.jobs.delete(reply.seq);
    if (entry.jobs.size === 0) entry.worker.unref();
    if (reply.error !== undefined) {
      settle(job.here).then(job.resolve, job.reject); // the writer's own error for it
      return;
    }
    job.resolve(job.decode(reply));
  }

  /** No more workers: log once, hash the waiting chunks and all later ones here. */
  private fail(reason: string): void {
    if (!this.inline) {
      safeLog(this.logger, {
        level: 'warn',
        event: 'integrity_worker_unavailable',
        message: `audit hashing runs on the event loop (slower): ${reason}`,
      });
    }
    this.inline = true;
    for (const entry of this.workers.splice(0)) void this.stop(entry);
  }

  /** Hashes the worker's waiting chunks here, then stops it. */
  private async stop(entry: PoolWorker): Promise<void> {
    for (const job of entry.jobs.values()) settle(job.here).then(job.resolve, job.reject);
    entry.jobs.clear();
    await entry.worker.terminate();
  }
}

function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error);
  }
}
