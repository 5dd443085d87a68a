/**
 * The hash worker's entry (a `worker_threads` script, built on its own as
 * `dist/integrity-hash-worker.{js,cjs}`): receives batches as `{ seq, json }` and answers
 * `{ seq, ids, leaves, root }`, or leaf hashes as `{ seq, leaves }` and answers `{ seq, root }`
 * (buffers transferred), or `{ seq, error }`. The commit key
 * arrives once, as `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { merkleRoot } from '../merkle.js';
import { createBatchHasher } from './batch-hash.js';
import type { HashReply, HashRequest } from './hash-messages.js';

const hashBatch = createBatchHasher(Buffer.from(workerData as Uint8Array));
const port = parentPort;

port?.on('message', ({ seq, json, leaves }: HashRequest) => {
  let reply: HashReply;
  try {
    reply = json === undefined ? rootOf(seq, Buffer.from(leaves ?? [])) : batchOf(seq, json);
  } catch (error) {
    port.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
    return;
  }
  port.postMessage(reply, reply.leaves ? [reply.leaves, reply.root] : [reply.root]);
});

function batchOf(seq: number, json: string): HashReply & { error?: undefined } {
  const { ids, leaves, root } = hashBatch(json);
  return { seq, ids: ids.join(','), leaves: toArrayBuffer(leaves), root: toArrayBuffer(root) };
}

function rootOf(seq: number, leaves: Buffer): HashReply & { error?: undefined } {
  const list: Buffer[] = [];
  for (let i = 0; i < leaves.length; i += 32) list.push(leaves.subarray(i, i + 32));
  return { seq, root: toArrayBuffer(merkleRoot(list)) };
}

/** A transferable copy of exactly the buffer's bytes (pooled buffers share a larger ArrayBuffer). */
function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(buffer.length);
  new Uint8Array(copy).set(buffer);
  return copy;
}
