/**
 * Work sent to a hash worker: its sequence number in the pool and the JSON array of the rows to
 * hash.
 *
 * @example
 * ```ts
 * worker.postMessage({ seq: 1, json } satisfies HashRequest);
 * ```
 */
export interface HashRequest {
  seq: number;
  json: string;
}

/**
 * A hash worker's answer: the ids joined by commas and the leaves (32 bytes each) of the rows,
 * or the error that stopped it.
 *
 * @example
 * ```ts
 * worker.on('message', (reply: HashReply) => (reply.error === undefined ? done(reply) : fail(reply)));
 * ```
 */
export type HashReply =
  | { seq: number; ids: string; leaves: ArrayBuffer; error?: undefined }
  | { seq: number; error: string };
