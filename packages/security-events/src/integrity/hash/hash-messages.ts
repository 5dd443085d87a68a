/**
 * Work sent to a hash worker: its sequence number in the pool and the JSON array of a batch's
 * rows. (Merkle roots of batches are computed by the writer: a root request would wait behind
 * every chunk queued to the worker, stalling the write.)
 *
 * @example
 * ```ts
 * worker.postMessage({ seq: 1, json } satisfies HashRequest);
 * ```
 */
export interface HashRequest {
  seq: number;
  /** A batch to hash: its rows. */
  json: string;
}

/**
 * A hash worker's answer: the ids joined by commas, the leaves (32 bytes each) and the root of a
 * batch, or the error that stopped it.
 *
 * @example
 * ```ts
 * worker.on('message', (reply: HashReply) => ('error' in reply ? fail(reply) : done(reply)));
 * ```
 */
export type HashReply =
  | { seq: number; ids: string; leaves: ArrayBuffer; root: ArrayBuffer; error?: undefined }
  | { seq: number; error: string };
