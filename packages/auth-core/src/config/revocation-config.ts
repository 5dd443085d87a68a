import { z } from 'zod';
import { ManaAuthConfigError } from '../errors.js';
import type { ReconnectBackoff } from '../revocation/reconnect-backoff.js';
import type { RevocationSyncError } from '../revocation/revocation-error.js';

/**
 * The revocation registry of `createAuth` (`auth.revocations`, docs/security.md). Its database,
 * Redis and Redis key prefix are the config's own `database`, `redis` and `redisKeyPrefix`.
 */
export interface RevocationConfig {
  /**
   * How often entries past their `forgetAfter` are dropped from memory and from
   * `auth.revoked_sessions`, in milliseconds (at least 1000). Default 300000 (5 minutes).
   */
  pruneIntervalMs?: number;
  /**
   * Delays between reconnections of the PostgreSQL listening connection. Default 100 ms, doubling
   * up to 5 s. With `redis`, the subscriber reconnects with the ioredis client's own
   * `retryStrategy` instead.
   */
  reconnect?: ReconnectBackoff;
  /**
   * Told when a revocation could not be recorded or broadcast, pruning failed, or the listening
   * connection dropped (it reconnects and catches up). Checks keep working from memory. Default:
   * a `revocation_sync_failed` entry (error level) on the config's `logger`.
   */
  onError?: (error: RevocationSyncError) => void;
}

/** The zod schema of {@link RevocationConfig} inside `createAuth`'s config schema. */
export const revocationConfigSchema = z.strictObject({
  pruneIntervalMs: z.number().int().min(1000).optional(),
  reconnect: z
    .strictObject({
      initialDelayMs: z.number().int().positive().optional(),
      maxDelayMs: z.number().int().positive().optional(),
    })
    .optional(),
  onError: z
    .custom<RevocationConfig['onError']>((v) => typeof v === 'function', 'must be a function')
    .optional(),
});

/** Registry options that `revocation` must not repeat: the registry uses the config's own. */
const SHARED_WITH_REGISTRY = ['database', 'redis', 'redisKeyPrefix'];

/**
 * The error for a `revocation.database`, `.redis` or `.redisKeyPrefix` key, which says where the
 * registry takes that value from instead; undefined when there is none.
 */
export function repeatedRegistryOption(input: unknown): ManaAuthConfigError | undefined {
  const revocation = (input as { revocation?: unknown } | null)?.revocation;
  if (typeof revocation !== 'object' || revocation === null) return undefined;
  const key = SHARED_WITH_REGISTRY.find((name) => Object.hasOwn(revocation, name));
  if (key === undefined) return undefined;
  return new ManaAuthConfigError(
    `revocation.${key}`,
    "is not a revocation option: the registry uses the config's own",
    `remove it; set \`${key}\` at the top level of the config`,
  );
}
