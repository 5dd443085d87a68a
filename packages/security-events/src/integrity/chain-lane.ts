import type { KeyObject } from 'node:crypto';
import { randomUUID, sign } from 'node:crypto';
import type { RunSql } from '../sql-executor.js';
import type { PendingEvent } from '../writer/insert-events.js';
import { chainHead, GENESIS_HEAD, signedHeadMessage } from './chain-head.js';
import type { BatchHash } from './hash/batch-hash.js';

/**
 * What a lane needs to write chained batches.
 *
 * @example
 * ```ts
 * const lane = new ChainLane({ hash: (events) => prehash.batch(events), signingKey, keyId, chainTable: '"auth".security_event_chain' });
 * ```
 */
export interface ChainLaneSettings {
  /** The ids, leaves and root of a batch (a `Prehash`'s `batch`). */
  hash: (events: readonly PendingEvent[]) => Promise<BatchHash>;
  signingKey: KeyObject;
  keyId: string;
  chainTable: string;
}

// One statement, hence one transaction: the rows and the chain record commit together or not at
// all. The chain record is only written when every row was new; a retry of a batch that did
// commit (lost acknowledgement) inserts nothing and finds its record (same chain and sequence).
const chainedInsertSql = (events: string, chain: string) => `WITH ins AS (
  INSERT INTO ${events} (id, user_id, event_type, ip_address, user_agent, metadata, created_at)
  SELECT r.id, r.u, r.t, r.i, r.a, r.m, r.c
  FROM json_to_recordset($1::json) AS r(id uuid, u text, t text, i text, a text, m jsonb, c timestamptz)
  ON CONFLICT (id) DO NOTHING RETURNING 1
), n AS (SELECT count(*)::int AS c FROM ins), ch AS (
  INSERT INTO ${chain} (chain_id, sequence, first_event_id, last_event_id, event_count, merkle_root,
    prev_head, head, event_ids, leaves, signature, key_id)
  SELECT $2, $3, $4, $5, $6, $7, $8, $9, $10::uuid[], $11, $12, $13 FROM n WHERE n.c = $6
  ON CONFLICT (chain_id, sequence) DO NOTHING RETURNING 1
)
SELECT CASE WHEN n.c IN (0, $6) THEN n.c ELSE ('partially duplicate chained batch: ' || n.c)::int END AS inserted,
  (SELECT count(*)::int FROM ch) AS chained FROM n`;

/**
 * One linear chain: the batches one writer worker writes, one after the other. Each write puts
 * the rows and the chain record (sequence, Merkle root, previous head, new head, signature) in
 * one statement; the lane's head only moves once that statement committed.
 *
 * @example
 * ```ts
 * await lane.insert(run, batch, '"auth".security_events');
 * ```
 */
export class ChainLane {
  chainId: string = randomUUID();
  sequence = 0;
  head: Buffer = GENESIS_HEAD;

  constructor(private readonly settings: ChainLaneSettings) {}

  /** Writes `events` and their chain record; the `insert` of `insertIsolating`. */
  readonly insert = async (run: RunSql, events: readonly PendingEvent[], table: string): Promise<void> => {
    const { signingKey, keyId, chainTable } = this.settings;
    let json = '[';
    for (let i = 0; i < events.length; i++)
      json += i === 0 ? (events[i] as PendingEvent).json : `,${(events[i] as PendingEvent).json}`;
    json += ']';
    // Hashed off the event loop (hash workers, mostly ahead of time); the lane's position is
    // read once the hashes are back.
    const { ids, leaves, root } = await this.settings.hash(events);
    const chainId = this.chainId;
    const sequence = this.sequence + 1;
    const head = chainHead(this.head, root, events.length, sequence);
    const signature = sign(null, signedHeadMessage('record', chainId, sequence, head), signingKey);
    const [row] = await run(chainedInsertSql(table, chainTable), [
      json,
      chainId,
      sequence,
      firstId(ids),
      ids.slice(ids.lastIndexOf(',') + 1),
      events.length,
      root,
      this.head,
      head,
      `{${ids}}`,
      leaves,
      signature,
      keyId,
    ]);
    const committed = row?.chained === 1 || (await this.alreadyCommitted(run, chainId, sequence, head));
    // An abandoned attempt that finishes after its retry moved on must not move the lane back.
    if (committed && chainId === this.chainId && sequence > this.sequence) {
      this.sequence = sequence;
      this.head = head;
    }
    // Otherwise every row already existed (written by an abandoned attempt in another chain):
    // nothing was written and the chain does not move.
  };

  private async alreadyCommitted(
    run: RunSql,
    chainId: string,
    sequence: number,
    head: Buffer,
  ): Promise<boolean> {
    const [stored] = await run(
      `SELECT head FROM ${this.settings.chainTable} WHERE chain_id = $1 AND sequence = $2`,
      [chainId, sequence],
    );
    if (stored === undefined) return false;
    if (Buffer.compare(stored.head as Buffer, head) === 0) return true;
    // Another write took this sequence (an abandoned attempt that finished later): start a new
    // chain and let the writer retry there.
    this.chainId = randomUUID();
    this.sequence = 0;
    this.head = GENESIS_HEAD;
    throw new Error('audit chain sequence taken by an abandoned write; continuing in a new chain');
  }
}

/** The first of ids joined by commas. */
function firstId(ids: string): string {
  const comma = ids.indexOf(',');
  return comma === -1 ? ids : ids.slice(0, comma);
}
