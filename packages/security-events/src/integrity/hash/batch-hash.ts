import { type PendingRow, pendingEventLeaf, pendingLeafHasher } from '../canonical-event.js';
import { merkleRoot } from '../merkle.js';

/**
 * The hashes of one batch about to be written: its event ids in order, the leaf hashes
 * (32 bytes each, concatenated, as stored in the chain record) and their Merkle root.
 *
 * @example
 * ```ts
 * const { ids, leaves, root }: BatchHash = hashBatch(json, commitKey);
 * ```
 */
export interface BatchHash {
  ids: string[];
  leaves: Buffer;
  root: Buffer;
}

/**
 * Hashes a batch given as the JSON array the writer inserts (`[row,row,...]`, short keys): one
 * leaf per event ({@link pendingEventLeaf}) and the batch's Merkle root. The reference form, for
 * tests and one-off use; the writer's hash workers use {@link createBatchHasher}.
 *
 * @example
 * ```ts
 * const hashed = hashBatch('[{"id":"0194...","u":"u1","t":"logout",...}]', commitKey);
 * ```
 */
export function hashBatch(json: string, commitKey: Buffer): BatchHash {
  return hashRows(json, (row) => pendingEventLeaf(row, commitKey));
}

/**
 * {@link hashBatch} with the same result, for many batches under one key: leaves through
 * {@link pendingLeafHasher} (remembered commitments, top-level JCS written directly).
 *
 * @example
 * ```ts
 * const hash = createBatchHasher(commitKey);
 * const { ids, leaves, root } = hash(json);
 * ```
 */
export function createBatchHasher(commitKey: Buffer): (json: string) => BatchHash {
  const leafOf = pendingLeafHasher(commitKey);
  return (json) => hashRows(json, leafOf);
}

function hashRows(json: string, leafOf: (row: PendingRow) => Buffer): BatchHash {
  const rows = JSON.parse(json) as PendingRow[];
  if (rows.length === 0) throw new RangeError('hashBatch needs at least one event');
  const ids: string[] = new Array(rows.length);
  const leafList: Buffer[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as PendingRow;
    ids[i] = row.id;
    leafList[i] = leafOf(row);
  }
  return { ids, leaves: Buffer.concat(leafList), root: merkleRoot(leafList) };
}
