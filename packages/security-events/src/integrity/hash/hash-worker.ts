/**
 * The hash worker's entry (a `worker_threads` script, built on its own as
 * `dist/integrity-hash-worker.{js,cjs}`): receives chunks of rows as `{ seq, json }` and answers
 * `{ seq, ids, leaves }`, or leaf hashes as `{ seq, leaves }` and answers `{ seq, root }`
 * (buffers transferred), or `{ seq, error }`. The commit key arrives once, as `workerData`.
 * The worker runs below the process's priority (on Linux, {@link HASH_WORKER_NICE_STEPS}).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { merkleRootOfLeaves } from '../merkle.js';
import { createChunkHasher } from './batch-hash.js';
import type { HashReply, HashRequest } from './hash-messages.js';
import { HASH_WORKER_NICE_STEPS, lowerThreadPriority } from './thread-priority.js';

lowerThreadPriority(HASH_WORKER_NICE_STEPS);

const hashChunk = createChunkHasher(Buffer.from(workerData as Uint8Array));
const port = parentPort;

port?.on('message', ({ seq, json, leaves }: HashRequest) => {
  let reply: HashReply & { error?: undefined };
  let moved: ArrayBuffer;
  try {
    if (json !== undefined) {
      const hashed = hashChunk(json);
      // createChunkHasher's leaves own their ArrayBuffer, exactly: it moves without a copy.
      moved = hashed.leaves.buffer as ArrayBuffer;
      reply = { seq, ids: hashed.ids, leaves: moved };
    } else {
      const given = leaves ?? new Uint8Array(0);
      const root = merkleRootOfLeaves(Buffer.from(given.buffer, given.byteOffset, given.byteLength));
      moved = new Uint8Array(root).buffer;
      reply = { seq, root: moved };
    }
  } catch (error) {
    port.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
    return;
  }
  port.postMessage(reply, [moved]);
});
