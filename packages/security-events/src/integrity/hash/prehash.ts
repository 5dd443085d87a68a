import type { PendingEvent, PrehashedEvent } from '../../writer/insert-events.js';
import { merkleRootOfLeaves } from '../merkle.js';
import type { BatchHash, ChunkHash } from './batch-hash.js';

/** Events per message to a hash worker while the callers log (one string, one reply). */
export const PREHASH_CHUNK = 128;

/**
 * Hashes events ahead of their write: once {@link PREHASH_CHUNK} events are queued their leaves
 * are computed by a hash worker while the callers keep logging and earlier batches are written,
 * so a batch's hashes are usually ready when its turn comes. Whatever was not sent ahead (the
 * last events of a burst, rows rewritten by the writer) is hashed at the batch's write.
 *
 * The batch's Merkle root is computed here, in the writer (about 0.5 µs per event): asked of a
 * worker, every write first waited for a thread handoff, which on a busy machine means waiting for
 * the scheduler (measured in one process, interleaved: chained writer at 73% of the plain one's
 * events/s with roots in the worker, 80% this way; a worker kept for roots alone did not help).
 *
 * @example
 * ```ts
 * const prehash = new Prehash((json) => pool.hash(json));
 * prehash.add(event); // from the writer's enqueue: a push, a message per 128 events
 * const { ids, leaves, root } = await prehash.batch(events);
 * ```
 */
export class Prehash {
  private waiting: PendingEvent[] = [];

  constructor(
    private readonly hash: (json: string) => Promise<ChunkHash>,
    private readonly chunk: number = PREHASH_CHUNK,
  ) {}

  /** Takes note of a queued event; sends the waiting ones off once there are `chunk`. */
  add(event: PendingEvent): void {
    this.waiting.push(event);
    if (this.waiting.length >= this.chunk) this.send();
  }

  /** The ids, leaves and Merkle root of a batch, in its order. */
  async batch(events: readonly PendingEvent[]): Promise<BatchHash> {
    if (events.some((event) => event.prehashed === undefined)) {
      this.send();
      const rest = events.filter((event) => event.prehashed === undefined);
      if (rest.length > 0) this.register(rest);
    }
    const leaves = Buffer.allocUnsafe(events.length * 32);
    let ids = '';
    // A batch is mostly a few runs of consecutive events of one chunk: one copy and one id
    // slice per run, not per event.
    for (let start = 0; start < events.length; ) {
      const { chunk, index } = (events[start] as PendingEvent).prehashed as PrehashedEvent;
      let end = start + 1;
      while (
        end < events.length &&
        follows((events[end] as PendingEvent).prehashed, chunk, index + end - start)
      )
        end++;
      const hashed = await chunk;
      const last = index + end - start;
      hashed.leaves.copy(leaves, start * 32, index * 32, last * 32);
      const part = idsBetween(hashed, index, last);
      ids += start === 0 ? part : `,${part}`;
      start = end;
    }
    return { ids, leaves, root: merkleRootOfLeaves(leaves) };
  }

  private send(): void {
    if (this.waiting.length === 0) return;
    const events = this.waiting;
    this.waiting = [];
    this.register(events);
  }

  private register(events: readonly PendingEvent[]): void {
    let json = '[';
    for (let i = 0; i < events.length; i++)
      json += i === 0 ? (events[i] as PendingEvent).json : `,${(events[i] as PendingEvent).json}`;
    json += ']';
    const chunk = this.hash(json);
    chunk.catch(() => {}); // awaited by the batch that needs it; the error surfaces there
    // Each row becomes a slice of the chunk's text, which the first slice makes one flat string:
    // a row built by the event builder is many small pieces, and the batch insert would
    // otherwise walk them all a second time (measured: about 1 µs per event).
    let at = 1;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as PendingEvent;
      const length = event.json.length;
      event.json = json.slice(at, at + length);
      event.prehashed = { chunk, index: i };
      at += length + 1;
    }
  }
}

function follows(prehashed: PrehashedEvent | undefined, chunk: Promise<ChunkHash>, index: number): boolean {
  return prehashed !== undefined && prehashed.chunk === chunk && prehashed.index === index;
}

/** The ids of a chunk's events `from` to `to` (exclusive), joined by commas. */
function idsBetween(hashed: ChunkHash, from: number, to: number): string {
  const count = hashed.leaves.length / 32;
  // Event ids are UUIDs (36 characters): slice by position. Any other length: split.
  if (hashed.ids.length === count * 37 - 1) return hashed.ids.slice(from * 37, to * 37 - 1);
  return hashed.ids.split(',').slice(from, to).join(',');
}
