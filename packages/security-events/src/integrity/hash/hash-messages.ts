/**
 * Work sent to a hash worker: its sequence number in the pool and either the JSON array of rows
 * to hash or leaf hashes whose Merkle root is wanted.
 *
 * @example
 * ```ts
 * worker.postMessage({ seq: 1, json } satisfies HashRequest);
 * ```
 */
export interface HashRequest {
  seq: number;
  /** Rows to hash. */
  json?: string;
  /** Or leaf hashes (32 bytes each) to compute the Merkle root of. */
  leaves?: Uint8Array;
}

/**
 * A hash worker's answer: the ids joined by commas and the leaves (32 bytes each) of rows, the
 * root of leaves, or the error that stopped it.
 *
 * @example
 * ```ts
 * worker.on('message', (reply: HashReply) => (reply.error === undefined ? done(reply) : fail(reply)));
 * ```
 */
export type HashReply =
  | { seq: number; ids: string; leaves: ArrayBuffer; root?: undefined; error?: undefined }
  | { seq: number; root: ArrayBuffer; ids?: undefined; leaves?: undefined; error?: undefined }
  | { seq: number; error: string };
