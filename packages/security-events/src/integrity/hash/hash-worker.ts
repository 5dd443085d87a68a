/**
 * The hash worker's entry (a `worker_threads` script, built on its own as
 * `dist/integrity-hash-worker.{js,cjs}`): receives chunks of rows as `{ seq, json }` and answers
 * `{ seq, ids, leaves }` (leaves transferred), or `{ seq, error }`. The commit key arrives once,
 * as `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createChunkHasher } from './batch-hash.js';
import type { HashReply, HashRequest } from './hash-messages.js';

const hashChunk = createChunkHasher(Buffer.from(workerData as Uint8Array));
const port = parentPort;

port?.on('message', ({ seq, json }: HashRequest) => {
  let reply: HashReply & { error?: undefined };
  try {
    const { ids, leaves } = hashChunk(json);
    // createChunkHasher's leaves own their ArrayBuffer, exactly: it moves without a copy.
    reply = { seq, ids, leaves: leaves.buffer as ArrayBuffer };
  } catch (error) {
    port.postMessage({ seq, error: error instanceof Error ? error.message : String(error) });
    return;
  }
  port.postMessage(reply, [reply.leaves]);
});
