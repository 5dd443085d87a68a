import { appendFile, readFile } from 'node:fs/promises';
import type { AuditCheckpoint } from './checkpoint.js';

/**
 * A `checkpointSink` that appends each checkpoint to `path` as one JSON line. Point it at storage
 * the database's users cannot rewrite (another host, an append-only mount).
 *
 * @example
 * ```ts
 * new SecurityEventsService({ database, integrity: { ..., checkpointSink: appendCheckpointFile('/var/log/mana/checkpoints.jsonl') } });
 * ```
 */
export function appendCheckpointFile(path: string): (checkpoint: AuditCheckpoint) => Promise<void> {
  return (checkpoint) => appendFile(path, `${JSON.stringify(checkpoint)}\n`, 'utf8');
}

/**
 * Reads a file written by {@link appendCheckpointFile}, for `verifyAuditLog(..., { checkpoints })`.
 *
 * @example
 * ```ts
 * const checkpoints = await readCheckpointFile('/var/log/mana/checkpoints.jsonl');
 * ```
 */
export async function readCheckpointFile(path: string): Promise<AuditCheckpoint[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditCheckpoint);
}
