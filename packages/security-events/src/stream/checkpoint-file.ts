import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SecurityEventsError } from '../errors.js';
import type { RowPosition, StreamPosition } from './stream-position.js';

/**
 * Where a stream keeps its position between runs: `load()` returns the saved one (null when
 * there is none yet), `save()` replaces it durably.
 *
 * @example
 * ```ts
 * const store: StreamCheckpointStore = fileCheckpoint('/var/lib/mana/audit-stream.json');
 * ```
 */
export interface StreamCheckpointStore {
  load(): Promise<StreamPosition | null>;
  save(position: StreamPosition): Promise<void>;
}

const FORMAT_VERSION = 1;

/**
 * A checkpoint in a JSON file, replaced atomically: written to a temporary file in the same
 * directory, fsync'ed, renamed over the old one, then the directory is fsync'ed, so a crash
 * (even SIGKILL or a power cut) leaves either the old or the new checkpoint, never a torn one.
 * A file this version did not write throws `STREAM_CHECKPOINT_INVALID` instead of restarting
 * from the beginning.
 *
 * @example
 * ```ts
 * await streamAuditEvents({ database, sink, checkpoint: fileCheckpoint('./audit.checkpoint') });
 * ```
 */
export function fileCheckpoint(path: string): StreamCheckpointStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return parseCheckpoint(text, path);
    },
    async save(position) {
      await mkdir(dirname(path), { recursive: true });
      const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      const file = await open(temporary, 'w', 0o600);
      try {
        await file.writeFile(JSON.stringify({ version: FORMAT_VERSION, ...position }));
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
      const directory = await open(dirname(path), 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
    },
  };
}

function parseCheckpoint(text: string, path: string): StreamPosition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const record = value as
    | { version?: unknown; settled?: unknown; head?: unknown; pending?: unknown }
    | undefined;
  if (
    record?.version !== FORMAT_VERSION ||
    !isPositionOrNull(record.settled) ||
    !isPositionOrNull(record.head) ||
    !Array.isArray(record.pending) ||
    !record.pending.every(isPosition)
  ) {
    const fix = 'Pass the checkpoint file a previous stream wrote, or a new path to start from --since.';
    throw new SecurityEventsError(
      'STREAM_CHECKPOINT_INVALID',
      `Invalid stream checkpoint ${path}: not a checkpoint of this version. ${fix}`,
      { fix },
    );
  }
  return { settled: record.settled, head: record.head, pending: record.pending };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isPosition(value: unknown): value is RowPosition {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    TIMESTAMP.test(value[0]) &&
    typeof value[1] === 'string' &&
    UUID.test(value[1])
  );
}

function isPositionOrNull(value: unknown): value is RowPosition | null {
  return value === null || isPosition(value);
}

/**
 * A checkpoint kept in memory only (the default without a file): a restart starts again from
 * `since`.
 *
 * @example
 * ```ts
 * const store = memoryCheckpoint();
 * ```
 */
export function memoryCheckpoint(initial: StreamPosition | null = null): StreamCheckpointStore & {
  readonly current: StreamPosition | null;
} {
  let current = initial;
  return {
    get current() {
      return current;
    },
    async load() {
      return current;
    },
    async save(position) {
      current = position;
    },
  };
}
