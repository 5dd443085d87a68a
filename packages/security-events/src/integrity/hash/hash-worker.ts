/**
 * The hash worker's entry (a `worker_threads` script, built on its own as
 * `dist/integrity-hash-worker.{js,cjs}`): receives chunks of rows as `{ seq, json }` and answers
 * `{ seq, ids, leaves }`, or leaf hashes as `{ seq, leaves }` and answers `{ seq, root }`
 * (buffers transferred), or `{ seq, error }`. The commit key arrives once, as `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { merkleRootOfLeaves } from '../merkle.js';
import { createChunkHasher } from './batch-hash.js';
import type { HashReply, HashRequest } from './hash-messages.js';

const hashChunk = createChunkHasher(Buffer.from(workerData as Uint8Array));
const port = parentPort;

port?.on('message', ({ seq, json, leaves }: HashRequest) => {
  let reply: HashReply & { error?: undefined };
  let transfer: ArrayBuffer;
  try {
    if (json === undefined) {
      const root = merkleRootOfLeaves(leaves ?? new Uint8Array(0));
      transfer = ownBuffer(root);
      reply = { seq, root: transfer };
    } else {
      const chunk = hashChunk(json);
      transfer = ownBuffer(chunk.leaves);
      reply = { seq, ids: chunk.ids, leaves: transfer };
    }
  } catch (error) {
    port.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
    return;
  }
  port.postMessage(reply, [transfer]);
});

/** The buffer's memory as a transferable ArrayBuffer: its own, or a copy of exactly its bytes. */
function ownBuffer(buffer: Buffer): ArrayBuffer {
  if (
    buffer.byteOffset === 0 &&
    buffer.buffer.byteLength === buffer.length &&
    buffer.buffer instanceof ArrayBuffer
  )
    return buffer.buffer;
  const copy = new ArrayBuffer(buffer.length);
  new Uint8Array(copy).set(buffer);
  return copy;
}
