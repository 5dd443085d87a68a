import type { PendingEvent, PrehashedEvent } from '../../writer/insert-events.js';
import { merkleRoot } from '../merkle.js';
import type { BatchHash } from './batch-hash.js';

/** Events per message to a hash worker while the callers log (one string, one reply). */
export const PREHASH_CHUNK = 128;

/**
 * Hashes events ahead of their write: once {@link PREHASH_CHUNK} events are queued their leaves
 * are computed by a hash worker while the callers keep logging and earlier batches are written,
 * so a batch's hashes are usually ready when its turn comes. Whatever was not sent ahead (the
 * last events of a burst, rows rewritten by the writer) is hashed at the batch's write.
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
    private readonly hash: (json: string) => Promise<BatchHash>,
    private readonly root: (leaves: Buffer) => Promise<Buffer> = async (leaves) => merkleRoot(split(leaves)),
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
    const ids: string[] = new Array(events.length);
    const leafList: Buffer[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const { chunk: hashed, index } = (events[i] as PendingEvent).prehashed as PrehashedEvent;
      const chunk = await hashed;
      ids[i] = chunk.ids[index] as string;
      leafList[i] = chunk.leaves.subarray(index * 32, index * 32 + 32);
    }
    const leaves = Buffer.concat(leafList);
    return { ids, leaves, root: await this.root(leaves) };
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
    const chunk = this.hash(`${json}]`);
    chunk.catch(() => {}); // awaited by the batch that needs it; the error surfaces there
    for (let i = 0; i < events.length; i++) (events[i] as PendingEvent).prehashed = { chunk, index: i };
  }
}

function split(leaves: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < leaves.length; i += 32) out.push(leaves.subarray(i, i + 32));
  return out;
}
