/**
 * The hash worker's entry (a `worker_threads` script, built on its own as
 * `dist/integrity-hash-worker.{js,cjs}`): receives batches as `{ seq, json }` and answers
 * `{ seq, ids, leaves, root }` (buffers transferred), or `{ seq, error }`. The commit key
 * arrives once, as `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hashBatch } from './batch-hash.js';
import type { HashReply, HashRequest } from './hash-messages.js';

const commitKey = Buffer.from(workerData as Uint8Array);
const port = parentPort;

port?.on('message', ({ seq, json }: HashRequest) => {
  let reply: HashReply & { error?: undefined };
  try {
    reply = batchOf(seq, json);
  } catch (error) {
    port.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
    return;
  }
  port.postMessage(reply, [reply.leaves, reply.root]);
});

function batchOf(seq: number, json: string): HashReply & { error?: undefined } {
  const { ids, leaves, root } = hashBatch(json, commitKey);
  return { seq, ids: ids.join(','), leaves: toArrayBuffer(leaves), root: toArrayBuffer(root) };
}

/** A transferable copy of exactly the buffer's bytes (pooled buffers share a larger ArrayBuffer). */
function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(buffer.length);
  new Uint8Array(copy).set(buffer);
  return copy;
}
