/**
 * Work sent to a hash worker: its sequence number in the pool and either the JSON array of a
 * batch's rows or leaf hashes whose root is wanted.
 *
 * @example
 * ```ts
 * worker.postMessage({ seq: 1, json } satisfies HashRequest);
 * ```
 */
export interface HashRequest {
  seq: number;
  /** A batch to hash: its rows. */
  json?: string;
  /** Or leaf hashes (32 bytes each) to compute the Merkle root of. */
  leaves?: Uint8Array;
}

/**
 * A hash worker's answer: the ids joined by commas, the leaves (32 bytes each) and the root of a
 * batch, the root alone for leaves, or the error that stopped it.
 *
 * @example
 * ```ts
 * worker.on('message', (reply: HashReply) => ('error' in reply ? fail(reply) : done(reply)));
 * ```
 */
export type HashReply =
  | { seq: number; ids?: string; leaves?: ArrayBuffer; root: ArrayBuffer; error?: undefined }
  | { seq: number; error: string };
