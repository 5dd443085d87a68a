import type { RunSql } from '../sql-executor.js';
import type { PendingEvent } from '../writer/insert-events.js';
import { type SecurityEventsLogger, safeLog } from '../writer/logger.js';
import type { WriterClock, WriterTimer } from '../writer/writer-clock.js';
import { ChainLane } from './chain-lane.js';
import { signCheckpoint } from './checkpoint.js';
import { HashPool } from './hash/hash-pool.js';
import { Prehash } from './hash/prehash.js';
import type { ResolvedIntegrity } from './integrity-options.js';
import { integrityTables } from './integrity-tables.js';

/**
 * The integrity side of one writer instance: a pool of {@link ChainLane}s (one per concurrent
 * writer worker, so chains stay linear without any lock shared between instances) and the
 * periodic checkpoints of their heads.
 *
 * @example
 * ```ts
 * const chain = new AuditChain(resolveIntegrity(options), run, 'auth', logger, clock);
 * const lane = chain.acquire(); ... chain.release(lane);
 * await chain.close();
 * ```
 */
export class AuditChain {
  private readonly free: ChainLane[] = [];
  private readonly all: ChainLane[] = [];
  private readonly signed = new Map<ChainLane, string>();
  private timer: WriterTimer | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly checkpointTable: string;
  private readonly chainTable: string;
  private readonly hashes: HashPool;
  private readonly prehash: Prehash;

  constructor(
    private readonly integrity: ResolvedIntegrity,
    private readonly run: RunSql,
    schema: string,
    private readonly logger: SecurityEventsLogger,
    private readonly clock: WriterClock,
  ) {
    const tables = integrityTables(schema);
    this.checkpointTable = tables.checkpoints;
    this.chainTable = tables.chain;
    this.hashes = new HashPool(integrity.commitKey, logger);
    this.prehash = new Prehash(
      (json) => this.hashes.hash(json),
      (leaves) => this.hashes.root(leaves),
    );
  }

  /**
   * Takes note of a queued event, to hash it ahead of its write in a worker (see {@link Prehash});
   * without a worker the writer hashes it at the write, never in the caller's `logEvent`.
   */
  queued(event: PendingEvent): void {
    if (this.hashes.offThread) this.prehash.add(event);
  }

  /**
   * Takes note of the batch the writer will most likely take next (the queue's next full batch),
   * to hash it, root included, off the event loop before it is taken (see {@link Prehash.upcoming}).
   */
  upcoming(events: readonly PendingEvent[]): void {
    if (this.hashes.offThread) this.prehash.upcoming(events);
  }

  /** A lane for one worker; new lanes start new chains. */
  acquire(): ChainLane {
    const lane =
      this.free.pop() ??
      new ChainLane({
        hash: (events) => this.prehash.batch(events),
        signingKey: this.integrity.signingKey,
        keyId: this.integrity.keyId,
        chainTable: this.chainTable,
      });
    if (!this.all.includes(lane)) this.all.push(lane);
    if (this.timer === undefined) this.arm();
    return lane;
  }

  /** Gives a lane back when its worker stops. */
  release(lane: ChainLane): void {
    this.free.push(lane);
  }

  /** Signs every head that moved since its last checkpoint; resolves when stored. */
  checkpoint(): Promise<void> {
    this.running = this.running.then(() => this.signMoved());
    return this.running;
  }

  /** Final checkpoints (call after the last write), then no more timer and no hash workers. */
  async close(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.checkpoint();
    await this.hashes.close();
  }

  private arm(): void {
    this.timer = this.clock.setTimer(
      () => {
        void this.checkpoint().finally(() => this.arm());
      },
      this.integrity.checkpointIntervalMs,
      { unref: true },
    );
  }

  private async signMoved(): Promise<void> {
    for (const lane of this.all) {
      const mark = `${lane.chainId}:${lane.sequence}`;
      if (lane.sequence === 0 || this.signed.get(lane) === mark) continue;
      const { signingKey, keyId, checkpointSink } = this.integrity;
      const checkpoint = signCheckpoint(
        signingKey,
        keyId,
        lane.chainId,
        lane.sequence,
        lane.head,
        this.clock.now(),
      );
      try {
        await this.run(
          `INSERT INTO ${this.checkpointTable} (chain_id, sequence, head, signed_at, signature, key_id)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (chain_id, sequence) DO NOTHING`,
          [
            checkpoint.chainId,
            checkpoint.sequence,
            lane.head,
            checkpoint.signedAt,
            Buffer.from(checkpoint.signature, 'base64url'),
            keyId,
          ],
        );
        if (checkpointSink) await checkpointSink(checkpoint);
        this.signed.set(lane, mark);
      } catch (error) {
        safeLog(this.logger, {
          level: 'error',
          event: 'checkpoint_failed',
          message: `audit checkpoint of chain ${lane.chainId} at ${lane.sequence} failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
  }
}
