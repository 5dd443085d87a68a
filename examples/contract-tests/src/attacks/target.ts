import { createTestRedis, type RunningExample, type StartServer, startExample } from '../start.js';

/** One run of the attack suite: an example server on PostgreSQL, with or without Redis. */
export interface AttackSetup {
  /** The example's name (express, hono, nest). */
  name: string;
  start: StartServer;
  /** Whether the server gets a Redis (rate limits, lockout counters and revocation in Redis). */
  redis: boolean;
}

/** An example server started for one attack class, with its own database (and Redis prefix). */
export type AttackTarget = RunningExample;

/**
 * Starts the example the setup names on a fresh database, with a fresh Redis key prefix when the
 * setup has Redis. `env` adds example environment variables (e.g. tighter limits for a test).
 */
export async function startAttackTarget(
  setup: AttackSetup,
  env: NodeJS.ProcessEnv = {},
): Promise<AttackTarget> {
  const redis = setup.redis ? await createTestRedis() : undefined;
  if (setup.redis && !redis) throw new Error('The Redis attack run needs TEST_REDIS_URL.');
  const running = await startExample(setup.start, {
    ...(redis ? { redis } : {}),
    env: { ...(redis ? { REDIS_KEY_PREFIX: redis.prefix } : {}), ...env },
  });
  return {
    ...running,
    stop: async () => {
      await running.stop();
      await redis?.close();
    },
  };
}
