import { type PendingRow, pendingCanonicalText, pendingEventLeaf } from '../canonical-event.js';
import { merkleRoot, writeLeafHashOfText } from '../merkle.js';

/**
 * The hashes of events about to be written, in their order: the event ids joined by commas (as
 * the chain record's `uuid[]` literal takes them) and the leaf hashes (32 bytes each,
 * concatenated, as stored in the chain record).
 *
 * @example
 * ```ts
 * const { ids, leaves }: ChunkHash = hashChunk(json);
 * ids.split(','); // ['0194...', ...]
 * ```
 */
export interface ChunkHash {
  ids: string;
  leaves: Buffer;
}

/**
 * A {@link ChunkHash} that is a whole batch, with the Merkle root of its leaves.
 *
 * @example
 * ```ts
 * const { ids, leaves, root }: BatchHash = hashBatch(json, commitKey);
 * ```
 */
export interface BatchHash extends ChunkHash {
  root: Buffer;
}

/**
 * Hashes a batch given as the JSON array the writer inserts (`[row,row,...]`, short keys): one
 * leaf per event ({@link pendingEventLeaf}) and the batch's Merkle root. The reference form, for
 * tests and one-off use; the writer's hash workers use {@link createChunkHasher}.
 *
 * @example
 * ```ts
 * const hashed = hashBatch('[{"id":"0194...","u":"u1","t":"logout",...}]', commitKey);
 * ```
 */
export function hashBatch(json: string, commitKey: Buffer): BatchHash {
  const rows = parseRows(json);
  const leafList = rows.map((row) => pendingEventLeaf(row, commitKey));
  return {
    ids: rows.map((row) => row.id).join(','),
    leaves: Buffer.concat(leafList),
    root: merkleRoot(leafList),
  };
}

/**
 * The ids and leaves of {@link hashBatch} (no root: a chunk hashed ahead is only part of a
 * batch), for many chunks under one key: canonical text through {@link pendingCanonicalText}
 * (remembered commitments, JCS mostly written directly), leaves hashed straight into one buffer
 * that owns its memory, so a worker can transfer it without a copy.
 *
 * @example
 * ```ts
 * const hashChunk = createChunkHasher(commitKey);
 * const { ids, leaves } = hashChunk(json);
 * ```
 */
export function createChunkHasher(commitKey: Buffer): (json: string) => ChunkHash {
  const textOf = pendingCanonicalText(commitKey);
  return (json) => {
    const rows = parseRows(json);
    const leaves = Buffer.from(new ArrayBuffer(rows.length * 32));
    let ids = '';
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as PendingRow;
      ids += i === 0 ? row.id : `,${row.id}`;
      writeLeafHashOfText(textOf(row), leaves, i * 32);
    }
    return { ids, leaves };
  };
}

function parseRows(json: string): PendingRow[] {
  const rows = JSON.parse(json) as PendingRow[];
  if (rows.length === 0) throw new RangeError('hashBatch needs at least one event');
  return rows;
}
