import { randomBytes } from 'node:crypto';
import {
  DEFAULT_SCHEMA,
  describeValue,
  isManaLogger,
  type ManaLogger,
  qualifiedTable,
  rejectUnknownKeys,
} from '@mana/internal';
import type { ManaDatabase, SqlQuery } from '../database/create-database.js';
import { ManaAuthConfigError } from '../errors.js';
import { createAuthLog } from '../logging/auth-log.js';
import { createPostgresListener } from './postgres-listener.js';
import type { ReconnectBackoff } from './reconnect-backoff.js';
import { createRedisListener, supportsPubSub } from './redis-listener.js';
import { logRevocationError, RevocationSyncError } from './revocation-error.js';
import {
  decodeRevocationMessage,
  encodeRevocationMessage,
  inChunks,
  insertRevocations,
  pruneRevocations,
  type RecordedRevocation,
  revocationsSince,
} from './revocation-record.js';
import type { RevocationRegistry, RevokedSession } from './revocation-registry.js';
import { createRevokedSet, type HashedRevocation, revocationHash } from './revoked-set.js';

/**
 * The PostgreSQL NOTIFY channel of the registry for schema `auth` (one per database); a registry
 * on another schema uses `mana_auth_revocations_<schema>`, so that two apps sharing a database in
 * different schemas never read each other's record positions.
 */
export const REVOCATION_CHANNEL = 'mana_auth_revocations';

/** The PostgreSQL NOTIFY channel of the registries on `schema` (see {@link REVOCATION_CHANNEL}). */
export const revocationChannelOf = (schema: string): string =>
  schema === DEFAULT_SCHEMA ? REVOCATION_CHANNEL : `${REVOCATION_CHANNEL}_${schema}`;

/** The Redis pub/sub channel of the registries using `prefix` (default `mana-auth:`). */
export const redisRevocationChannelOf = (prefix = 'mana-auth:'): string => `${prefix}revocations`;

/** Options of {@link createRevocationRegistry}. */
export interface RevocationRegistryOptions {
  /** Holds the durable record (`auth.revoked_sessions`); its LISTEN/NOTIFY is the broadcast without Redis. */
  database: ManaDatabase;
  /**
   * An ioredis client: revocations are broadcast by Redis pub/sub (on a duplicate connection)
   * instead of LISTEN/NOTIFY. Ignored with PGlite, which is single-process.
   */
  redis?: unknown;
  /** Prefix of the Redis channel (`<prefix>revocations`). Default `mana-auth:`. */
  redisKeyPrefix?: string;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Delays between reconnections of the PostgreSQL listener. Default 100 ms doubling to 5 s. */
  reconnect?: ReconnectBackoff;
  /** How often forgotten entries are pruned from memory and from the durable record. Default 5 minutes. */
  pruneIntervalMs?: number;
  /**
   * Told when a revocation could not be recorded or broadcast, or the listening connection
   * dropped (it reconnects). Default: a `revocation_sync_failed` entry (error level) on `logger`.
   */
  onError?: (error: RevocationSyncError) => void;
  /**
   * Where the default `onError` writes (a {@link ManaLogger}, e.g. `pino()`). Default:
   * `jsonLineLogger('@mana/auth-core')`, JSON lines on stderr. `createAuth` passes its `logger`.
   */
  logger?: ManaLogger;
}

/** How other instances learn of a revocation. */
export type RevocationBroadcast = 'postgres' | 'redis' | 'local';

/** The registry {@link createRevocationRegistry} returns (`auth.revocations`). */
export interface ManaRevocationRegistry extends RevocationRegistry {
  /** `postgres` (LISTEN/NOTIFY), `redis` (pub/sub) or `local` (PGlite: one process). */
  readonly broadcast: RevocationBroadcast;
  /**
   * Name of the listening connection, unique per registry: its `application_name` in
   * `pg_stat_activity`, or its Redis `CLIENT SETNAME`.
   */
  readonly listenerName: string;
  /** Whether the registry hears other instances now (always true for `local` once started). */
  readonly listening: boolean;
  /** Drops forgotten entries from memory and from the durable record now (also runs on a timer). */
  prune(): Promise<void>;
  /**
   * Calls `listener` whenever the signing keys changed on any instance or in the CLI (a
   * key-change message on the revocation channel), and after every (re)connection of the
   * listener, since a change may have been missed while it was down. Returns the unsubscribe.
   */
  onKeysChanged(listener: () => void): () => void;
  /** Tells every instance (this one included) that the signing keys changed (`src/keys/`). */
  announceKeysChanged(): Promise<void>;
}

const KNOWN_OPTIONS = [
  'database',
  'redis',
  'redisKeyPrefix',
  'now',
  'reconnect',
  'pruneIntervalMs',
  'onError',
  'logger',
];

function validate(options: RevocationRegistryOptions): void {
  const where = 'createRevocationRegistry';
  rejectUnknownKeys(options, KNOWN_OPTIONS, {
    where,
    onUnknown: (unknown) => {
      throw new ManaAuthConfigError(
        unknown.path,
        'unknown option',
        `${unknown.didYouMean}See RevocationRegistryOptions`,
      );
    },
  });
  if (typeof options.database?.query !== 'function') {
    throw new ManaAuthConfigError(
      'database',
      `expected a ManaDatabase, got ${describeValue(options.database)}`,
      'pass the result of createDatabase()',
    );
  }
  const interval = options.pruneIntervalMs;
  if (interval !== undefined && !(Number.isInteger(interval) && interval >= 1000)) {
    throw new ManaAuthConfigError(
      'pruneIntervalMs',
      `expected an integer of at least 1000, got ${describeValue(interval)}`,
      'pass milliseconds, e.g. 300000',
    );
  }
  if (options.logger !== undefined && !isManaLogger(options.logger)) {
    throw new ManaAuthConfigError(
      'logger',
      `expected an object with error, warn and info methods, got ${describeValue(options.logger)}`,
      'pass pino() or an adapter (docs/configuration.md, "Logging")',
    );
  }
}

// `local` broadcast of key changes: the registries of this process on the same database.
const localKeyPeers = new WeakMap<ManaDatabase, Set<() => void>>();

function localKeyPeersOf(database: ManaDatabase): Set<() => void> {
  let peers = localKeyPeers.get(database);
  if (!peers) {
    peers = new Set();
    localKeyPeers.set(database, peers);
  }
  return peers;
}

/** Tells the started registries of this process on `database` that the signing keys changed. */
export function announceKeysChangedLocally(database: ManaDatabase): void {
  for (const peer of localKeyPeers.get(database) ?? []) peer();
}

// `local` broadcast: the registries of this process on the same (PGlite) database.
const localPeers = new WeakMap<ManaDatabase, Set<(entries: readonly HashedRevocation[]) => void>>();

function localPeersOf(database: ManaDatabase): Set<(entries: readonly HashedRevocation[]) => void> {
  let peers = localPeers.get(database);
  if (!peers) {
    peers = new Set();
    localPeers.set(database, peers);
  }
  return peers;
}

function broadcastOf(options: RevocationRegistryOptions): RevocationBroadcast {
  if (options.database.kind !== 'postgres') return 'local';
  if (options.redis !== undefined && supportsPubSub(options.redis)) return 'redis';
  return options.database.openDedicatedClient ? 'postgres' : 'local';
}

/**
 * Creates a {@link RevocationRegistry}: revoked sessions (SHA-256 of the session token and of
 * the session id) in memory, recorded in `auth.revoked_sessions` and broadcast to every instance
 * on the same database, by PostgreSQL LISTEN/NOTIFY, or by Redis pub/sub when `redis` is given
 * (PGlite: the registries of this process on the same database object). `createAuth()` creates one per instance as `auth.revocations`;
 * a resource server on the same PostgreSQL or Redis can run its own and pass it to
 * `createAccessTokenVerifier({ revocations })`. `start()` loads the record and listens;
 * `close()` stops (closing the database closes it too).
 *
 * @example
 * ```ts
 * const revocations = createRevocationRegistry({ database, redis });
 * await revocations.start();
 * revocations.isSessionRevoked(payload.sid); // memory only
 * await revocations.close();
 * ```
 */
export function createRevocationRegistry(options: RevocationRegistryOptions): ManaRevocationRegistry {
  validate(options);
  const { database } = options;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? logRevocationError(createAuthLog(options.logger));
  const origin = randomBytes(6).toString('hex');
  const listenerName = `mana_auth_revocations_${origin}`;
  const broadcast = broadcastOf(options);
  const redisChannel = redisRevocationChannelOf(options.redisKeyPrefix);
  const revoked = createRevokedSet(now);
  const table = qualifiedTable(database.schema, 'revoked_sessions');
  const pgChannel = revocationChannelOf(database.schema);
  // Advanced by catch-ups only: a reconnection re-reads everything since the previous one.
  let caughtUpTo = 0;
  let started: Promise<void> | undefined;
  let closed = false;
  let pruneTimer: NodeJS.Timeout | undefined;
  let stopOnClose: (() => void) | undefined;

  const keyListeners = new Set<() => void>();
  const keysChanged = () => {
    for (const listener of keyListeners) listener();
  };

  async function catchUp(query: SqlQuery): Promise<void> {
    const rows = await revocationsSince(query, table, caughtUpTo, now());
    revoked.add(rows);
    for (const row of rows) caughtUpTo = Math.max(caughtUpTo, row.id);
    // The durable state of the keys is auth.jwks itself: re-read it after any gap.
    keysChanged();
  }

  function hear(payload: string | undefined): void {
    const message = decodeRevocationMessage(payload);
    if (!message) return;
    // Key changes are acted on even from this registry's own origin (another code path of
    // this process may have sent them); revocations from it are already in memory.
    if (message.keysChanged) keysChanged();
    if (message.origin !== origin) revoked.add(message.entries);
  }

  const messages = (rows: readonly RecordedRevocation[]) =>
    inChunks(rows).map((entries) => encodeRevocationMessage({ origin, entries }));

  const listener =
    broadcast === 'postgres'
      ? createPostgresListener({
          database: database as ManaDatabase & Required<Pick<ManaDatabase, 'openDedicatedClient'>>,
          channel: pgChannel,
          applicationName: listenerName,
          onMessage: hear,
          onConnect: catchUp,
          onError,
          backoff: options.reconnect ?? {},
        })
      : broadcast === 'redis' && supportsPubSub(options.redis)
        ? createRedisListener({
            redis: options.redis,
            channel: redisChannel,
            connectionName: listenerName,
            onMessage: hear,
            onConnect: () => catchUp(database.query),
            onError,
          })
        : undefined;

  async function record(entries: readonly HashedRevocation[]): Promise<void> {
    if (broadcast === 'postgres') {
      await database.transaction(async (query) => {
        const rows = await insertRevocations(query, table, entries);
        // Delivered at commit, with the rows.
        for (const message of messages(rows)) await query('SELECT pg_notify($1, $2)', [pgChannel, message]);
      });
      return;
    }
    const rows = await insertRevocations(database.query, table, entries);
    if (broadcast === 'redis' && supportsPubSub(options.redis)) {
      for (const message of messages(rows)) await options.redis.publish(redisChannel, message);
    }
    if (broadcast === 'local')
      for (const peer of localPeersOf(database)) if (peer !== hearLocally) peer(rows);
  }

  const hearLocally = (entries: readonly HashedRevocation[]) => revoked.add(entries);

  async function prune(): Promise<void> {
    revoked.prune();
    await pruneRevocations(database.query, table, now());
  }

  async function start(): Promise<void> {
    stopOnClose = database.onClose?.(() => registry.close());
    pruneTimer = setInterval(() => {
      prune().catch((error: unknown) =>
        onError(new RevocationSyncError('pruning auth.revoked_sessions failed', error)),
      );
    }, options.pruneIntervalMs ?? 300_000);
    pruneTimer.unref();
    if (listener) return listener.start();
    localPeersOf(database).add(hearLocally);
    localKeyPeersOf(database).add(keysChanged);
    try {
      await catchUp(database.query);
    } catch (error) {
      onError(new RevocationSyncError('loading auth.revoked_sessions failed', error));
    }
  }

  const registry: ManaRevocationRegistry = {
    broadcast,
    listenerName,
    get listening() {
      return !closed && started !== undefined && (listener ? listener.connected : true);
    },
    isTokenRevoked: (sessionToken) => revoked.hasToken(sessionToken),
    isSessionRevoked: (sessionId) => revoked.hasSessionId(sessionId),
    async revoke(sessions: readonly RevokedSession[]) {
      const entries = sessions.map((session) => ({
        tokenHash: revocationHash(session.token),
        sessionIdHash: revocationHash(session.sessionId),
        forgetAfter: session.forgetAfter,
      }));
      revoked.add(entries);
      if (entries.length === 0) return;
      try {
        await record(entries);
      } catch (error) {
        throw new RevocationSyncError('recording or broadcasting a revocation failed', error);
      }
    },
    start() {
      if (closed) return Promise.resolve();
      started ??= start();
      return started;
    },
    prune,
    onKeysChanged(listener) {
      keyListeners.add(listener);
      return () => keyListeners.delete(listener);
    },
    async announceKeysChanged() {
      keysChanged();
      const message = encodeRevocationMessage({ origin, entries: [], keysChanged: true });
      try {
        if (broadcast === 'postgres') await database.query('SELECT pg_notify($1, $2)', [pgChannel, message]);
        else if (broadcast === 'redis' && supportsPubSub(options.redis))
          await options.redis.publish(redisChannel, message);
        else for (const peer of localKeyPeersOf(database)) if (peer !== keysChanged) peer();
      } catch (error) {
        throw new RevocationSyncError('broadcasting a signing-key change failed', error);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(pruneTimer);
      stopOnClose?.();
      localPeers.get(database)?.delete(hearLocally);
      localKeyPeers.get(database)?.delete(keysChanged);
      await listener?.close();
    },
  };
  return registry;
}
