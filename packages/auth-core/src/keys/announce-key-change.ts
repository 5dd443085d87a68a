import { randomBytes } from 'node:crypto';
import type { ManaDatabase } from '../database/create-database.js';
import type { ManaRevocationRegistry } from '../revocation/create-revocation-registry.js';
import {
  announceKeysChangedLocally,
  redisRevocationChannelOf,
  revocationChannelOf,
} from '../revocation/create-revocation-registry.js';
import { supportsPubSub } from '../revocation/redis-listener.js';
import { encodeRevocationMessage } from '../revocation/revocation-record.js';

/**
 * How a key change reaches the running instances: through a revocation registry of this
 * process (`auth.revocations`), or, from a process without one (the CLI), by a key-change
 * message on the revocation channels: PostgreSQL NOTIFY always, and Redis pub/sub when `redis`
 * is given (instances configured with Redis listen there only, so pass the same Redis).
 */
export interface KeyChangeBroadcast {
  /** A started registry (`auth.revocations`): it broadcasts the way it listens. */
  registry?: Pick<ManaRevocationRegistry, 'announceKeysChanged'>;
  /** An ioredis client, when the instances use Redis (`REDIS_URL`). Default: none. */
  redis?: unknown;
  /** The instances' `redisKeyPrefix`. Default `mana-auth:`. */
  redisKeyPrefix?: string;
}

/**
 * Tells every instance on `database` that the signing keys changed: each re-reads `auth.jwks`
 * and drops its cached signing keys, its in-memory JWKS and its verifier's keys and verified
 * tokens. Instances that miss the message (listener down) re-read when their listener
 * reconnects, and at the latest when their key cache expires (60 s).
 */
export async function announceKeyChange(
  database: ManaDatabase,
  broadcast: KeyChangeBroadcast = {},
): Promise<void> {
  if (broadcast.registry) {
    await broadcast.registry.announceKeysChanged();
    return;
  }
  const message = encodeRevocationMessage({
    origin: `keys-${randomBytes(6).toString('hex')}`,
    entries: [],
    keysChanged: true,
  });
  if (database.kind === 'postgres')
    await database.query('SELECT pg_notify($1, $2)', [revocationChannelOf(database.schema), message]);
  // PGlite is one process: its registries hear each other directly.
  else announceKeysChangedLocally(database);
  if (broadcast.redis !== undefined && supportsPubSub(broadcast.redis))
    await broadcast.redis.publish(redisRevocationChannelOf(broadcast.redisKeyPrefix), message);
}
