import { RevocationSyncError } from './revocation-error.js';

/** The part of an ioredis subscriber connection the registry uses. */
export interface RedisSubscriberLike {
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  disconnect(): void;
}

/**
 * The part of an ioredis client the registry's Redis broadcast uses: `publish`, and `duplicate`
 * for the subscriber connection. `new Redis(url)` from `ioredis` fits.
 */
export interface RedisPubSubLike {
  publish(channel: string, message: string): Promise<unknown>;
  duplicate(options?: {
    connectionName?: string;
    lazyConnect?: boolean;
    maxRetriesPerRequest?: number | null;
  }): RedisSubscriberLike;
  once?(event: 'end', listener: () => void): unknown;
}

/** Whether `redis` can publish and subscribe (an ioredis client can). */
export function supportsPubSub(redis: unknown): redis is RedisPubSubLike {
  const candidate = redis as Partial<RedisPubSubLike> | undefined;
  return typeof candidate?.publish === 'function' && typeof candidate.duplicate === 'function';
}

/** Options of {@link createRedisListener}. */
export interface RedisListenerOptions {
  redis: RedisPubSubLike;
  channel: string;
  /** `CLIENT SETNAME` of the subscriber connection (find it in `CLIENT LIST`). */
  connectionName: string;
  onMessage(payload: string): void;
  /** Runs on every (re)connection once SUBSCRIBE is in effect (the catch-up). */
  onConnect(): Promise<void>;
  onError(error: RevocationSyncError): void;
}

/** A SUBSCRIBE on a duplicate of the Redis client; ioredis reconnects it with its own backoff. */
export interface RedisListener {
  /** Subscribes; resolves after the first attempt (ioredis retries in the background). */
  start(): Promise<void>;
  close(): Promise<void>;
  readonly connected: boolean;
}

/**
 * Subscribes to `channel` on `redis.duplicate()`. ioredis reconnects a dropped subscriber with
 * backoff and emits `ready` again; every `ready` re-subscribes and then runs `onConnect` (the
 * catch-up), so what was published while it was away is read from the durable record. The
 * subscriber is closed with the registry, or when the client it was duplicated from ends.
 */
export function createRedisListener(options: RedisListenerOptions): RedisListener {
  let closed = false;
  let connected = false;
  let subscriber: RedisSubscriberLike | undefined;
  let first: Promise<void> | undefined;

  async function subscribeAndCatchUp(sub: RedisSubscriberLike): Promise<void> {
    try {
      await sub.subscribe(options.channel);
      await options.onConnect();
      connected = !closed;
    } catch (error) {
      if (!closed)
        options.onError(new RevocationSyncError('could not subscribe for revocations; retrying', error));
    }
  }

  function open(): Promise<void> {
    const sub = options.redis.duplicate({
      connectionName: options.connectionName,
      lazyConnect: false,
      // Queued SUBSCRIBEs wait for the reconnection instead of failing.
      maxRetriesPerRequest: null,
    });
    subscriber = sub;
    let initial = true;
    sub.on('message', (channel, message) => {
      if (channel === options.channel) options.onMessage(message);
    });
    sub.on('error', () => {}); // ioredis reconnects; 'end'/'ready' tell the rest
    sub.on('close', () => {
      connected = false;
    });
    sub.on('ready', () => {
      if (initial) return;
      void subscribeAndCatchUp(sub);
    });
    options.redis.once?.('end', () => void close());
    return subscribeAndCatchUp(sub).finally(() => {
      initial = false;
    });
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    connected = false;
    const sub = subscriber;
    subscriber = undefined;
    // Not QUIT: with the connection down it would wait for a reconnection.
    sub?.disconnect();
  }

  return {
    start() {
      first ??= open();
      return first;
    },
    close,
    get connected() {
      return connected;
    },
  };
}
