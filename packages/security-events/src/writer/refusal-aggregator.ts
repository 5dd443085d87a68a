import type { RawEventInput } from '../events/event-builder.js';
import { normalizeIpAddress } from '../events/ip-address.js';
import type { WriterClock, WriterTimer } from './writer-clock.js';

const MINUTE_MS = 60_000;

/**
 * Event types aggregated per (client IP, route, minute) instead of written one row each: refusals
 * an anonymous client can provoke for free, as fast as the server answers.
 */
export const AGGREGATED_EVENT_TYPES: ReadonlySet<string> = new Set([
  'rate_limited',
  'token_invalid',
  'csrf_refused',
  'request_invalid',
  'token_refresh_failure',
]);

interface Bucket {
  first: RawEventInput;
  minute: number;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/**
 * Turns a flood of refusals into a bounded number of rows: every refusal of one type and reason
 * from one client IP (and user, if any) on one route within one clock minute becomes ONE row
 * whose metadata carries `count`,
 * `firstSeen` and `lastSeen`. A 429 costs the attacker nothing, so without this a client could
 * make the log write a row per answer. A minute's rows are emitted when the minute closes, and
 * every open one on `flush()`/`close()` (nothing is lost at shutdown). Beyond `maxKeys` open
 * buckets (an attack from very many addresses), further addresses share one bucket per route
 * with no IP (`metadata.overflow: true`), so memory stays bounded too.
 *
 * @example
 * ```ts
 * const refusals = new RefusalAggregator((event) => writer.enqueue(build(event)), clock);
 * refusals.add({ eventType: 'rate_limited', ipAddress, metadata: { reason: 'rate_limited', path } });
 * refusals.emitAll(); // on flush and close
 * ```
 */
export class RefusalAggregator {
  private readonly buckets = new Map<string, Bucket>();
  private timer: WriterTimer | undefined;

  constructor(
    private readonly emit: (event: RawEventInput) => void,
    private readonly clock: WriterClock,
    private readonly maxKeys = 10_000,
  ) {}

  /** Open buckets (rows not emitted yet). */
  get open(): number {
    return this.buckets.size;
  }

  /** Counts one refusal into its (IP, route, minute) bucket. */
  add(event: RawEventInput): void {
    const at = event.occurredAt instanceof Date ? event.occurredAt.getTime() : this.clock.now();
    const minute = Math.floor(at / MINUTE_MS);
    const ip = typeof event.ipAddress === 'string' ? (normalizeIpAddress(event.ipAddress) ?? '') : '';
    const kind = kindOf(event, minute);
    let key = `${kind}|${ip}`;
    let first = event;
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) {
      key = `${kind}|*`;
      const metadata = { ...(event.metadata as Record<string, unknown> | undefined), overflow: true };
      first = { ...event, ipAddress: null, metadata };
    }
    const bucket = this.buckets.get(key);
    if (bucket) {
      bucket.count++;
      bucket.lastSeen = Math.max(bucket.lastSeen, at);
      return;
    }
    this.buckets.set(key, { first, minute, count: 1, firstSeen: at, lastSeen: at });
    this.arm();
  }

  /** Emits every open bucket, the current minute's too (on flush and close). */
  emitAll(): void {
    this.emitBefore(Number.POSITIVE_INFINITY);
  }

  /** Stops the minute timer (after a last `emitAll()` on close). */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private emitBefore(minute: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.minute >= minute) continue;
      this.buckets.delete(key);
      this.emit(rowOf(bucket));
    }
  }

  private arm(): void {
    if (this.timer !== undefined) return;
    const now = this.clock.now();
    const nextMinute = (Math.floor(now / MINUTE_MS) + 1) * MINUTE_MS;
    // unref: an idle process may exit; close() emits what is still open.
    this.timer = this.clock.setTimer(() => this.tick(), nextMinute - now, { unref: true });
  }

  private tick(): void {
    this.timer = undefined;
    this.emitBefore(Math.floor(this.clock.now() / MINUTE_MS));
    if (this.buckets.size > 0) this.arm();
  }
}

/** What one row counts, apart from the client IP: minute, type, reason, route and user. */
function kindOf(event: RawEventInput, minute: number): string {
  const metadata = event.metadata as { path?: unknown; reason?: unknown } | null | undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return [minute, event.eventType, text(metadata?.reason), text(metadata?.path), text(event.userId)].join(
    '|',
  );
}

function rowOf(bucket: Bucket): RawEventInput {
  const metadata = {
    ...(bucket.first.metadata as Record<string, unknown> | undefined),
    count: bucket.count,
    firstSeen: new Date(bucket.firstSeen).toISOString(),
    lastSeen: new Date(bucket.lastSeen).toISOString(),
  };
  return { ...bucket.first, metadata, occurredAt: new Date(bucket.firstSeen) };
}
