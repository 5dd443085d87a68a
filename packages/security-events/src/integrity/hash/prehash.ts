import type { PendingEvent, PrehashedEvent } from '../../writer/insert-events.js';
import { merkleRootOfLeaves } from '../merkle.js';
import type { BatchHash, ChunkHash } from './batch-hash.js';

/** Events per message to a hash worker while the callers log (one string, one reply). */
export const PREHASH_CHUNK = 128;

/** Announced batches kept until taken: more than the writes the writer keeps in flight. */
const ANNOUNCED_KEPT = 8;

interface Announced {
  last: PendingEvent;
  count: number;
  /** Its ids and leaves, being assembled from its chunks. */
  hashed: Promise<ChunkHash>;
  /** Its Merkle root, once the worker has answered. */
  root?: Buffer;
}

/**
 * Hashes events ahead of their write: once {@link PREHASH_CHUNK} events are queued their leaves
 * are computed by a hash worker while the callers keep logging and earlier batches are written,
 * so a batch's hashes are usually ready when its turn comes. Whatever was not sent ahead (the
 * last events of a burst, rows rewritten by the writer) is hashed at the batch's write.
 *
 * A batch's Merkle root is computed by the worker ahead too: when the writer takes a batch it
 * names the next full one ({@link Prehash.upcoming}), whose root is computed while the current
 * batch is written. Computed on the event loop for every batch instead, the 500 node hashes of a
 * batch raised the caller's cost per `logEvent` by about 3 µs and the event loop's p99 delay by up
 * to 8 ms (same events/s within noise). A batch whose root has not come back when it is written
 * (during a burst the request waits behind the chunks the callers sent since; measured: 100–200
 * ms for each of the first dozen batches of a 100,000-event burst, while the database had nothing
 * to do), and a batch that was not announced (the first of a burst, a partial one, a retry), gets
 * its root computed in the writer at its write, about 0.3 ms.
 *
 * @example
 * ```ts
 * const prehash = new Prehash((json) => pool.hash(json), (leaves) => pool.root(leaves));
 * prehash.add(event); // from the writer's enqueue: a push, a message per 128 events
 * prehash.upcoming(next); // from the writer's take: the batch it will take next
 * const { ids, leaves, root } = await prehash.batch(events);
 * ```
 */
export class Prehash {
  private waiting: PendingEvent[] = [];
  /** Announced batches by first event (the last few), with their hashes being computed. */
  private readonly announced = new Map<PendingEvent, Announced>();

  constructor(
    private readonly hash: (json: string) => Promise<ChunkHash>,
    /** The Merkle root of leaves off the event loop; without it, announced batches are not hashed ahead. */
    private readonly root?: (leaves: Buffer) => Promise<Buffer>,
    private readonly chunk: number = PREHASH_CHUNK,
  ) {}

  /** Takes note of a queued event; sends the waiting ones off once there are `chunk`. */
  add(event: PendingEvent): void {
    this.waiting.push(event);
    if (this.waiting.length >= this.chunk) this.send();
  }

  /**
   * Takes note of the batch the writer will most likely take next and computes its hashes, root
   * included, ahead (when its events were all sent to be hashed; otherwise its root is computed
   * at its write).
   */
  upcoming(events: readonly PendingEvent[]): void {
    const root = this.root;
    const first = events[0];
    if (root === undefined || first === undefined || this.announced.has(first)) return;
    if (events.some((event) => event.prehashed === undefined)) return;
    const hashed = this.assemble(events);
    hashed.catch(() => {}); // awaited by the batch that uses it; the error surfaces there
    const entry: Announced = {
      last: events[events.length - 1] as PendingEvent,
      count: events.length,
      hashed,
    };
    hashed
      .then(({ leaves }) => root(leaves))
      .then(
        (value) => (entry.root = value),
        () => {}, // the batch computes its root itself
      );
    // Only the last few are kept: one per write in flight is all the writer can take next.
    if (this.announced.size >= ANNOUNCED_KEPT)
      this.announced.delete(this.announced.keys().next().value as PendingEvent);
    this.announced.set(first, entry);
  }

  /** The ids, leaves and Merkle root of a batch, in its order. */
  async batch(events: readonly PendingEvent[]): Promise<BatchHash> {
    const announced = events[0] === undefined ? undefined : this.announced.get(events[0]);
    // The writer's batches are slices of its queue: same first, last and length, same batch.
    if (
      announced !== undefined &&
      announced.count === events.length &&
      announced.last === events[events.length - 1]
    ) {
      this.announced.delete(events[0] as PendingEvent);
      const { ids, leaves } = await announced.hashed;
      // The worker's root if it is back; not waiting for it keeps the database busy in a burst.
      return { ids, leaves, root: announced.root ?? merkleRootOfLeaves(leaves) };
    }
    if (events.some((event) => event.prehashed === undefined)) {
      this.send();
      const rest = events.filter((event) => event.prehashed === undefined);
      if (rest.length > 0) this.register(rest);
    }
    const { ids, leaves } = await this.assemble(events);
    return { ids, leaves, root: merkleRootOfLeaves(leaves) };
  }

  /** The ids and leaves of events already sent to be hashed, in their order. */
  private async assemble(events: readonly PendingEvent[]): Promise<ChunkHash> {
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
    return { ids, leaves };
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
