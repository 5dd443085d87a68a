/**
 * A batch sent to a hash worker: its sequence number in the pool and the JSON array of rows.
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
 * A hash worker's answer: the ids joined by commas, the leaves (32 bytes each) and the root,
 * or the error that stopped it.
 *
 * @example
 * ```ts
 * worker.on('message', (reply: HashReply) => ('error' in reply ? fail(reply) : done(reply)));
 * ```
 */
export type HashReply =
  | { seq: number; ids: string; leaves: ArrayBuffer; root: ArrayBuffer }
  | { seq: number; error: string };
