import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** A Redis connection with a key prefix that belongs to one test file. */
export interface TestRedis {
  url: string;
  /** Every key this test file writes should start with this prefix. */
  prefix: string;
  client: Redis;
  /** Deletes the prefix's keys and closes the connection. */
  close(): Promise<void>;
}

/**
 * Connects to `TEST_REDIS_URL` and hands out a fresh key prefix. Returns undefined when no
 * Redis is configured outside CI (callers skip with a notice); in CI a missing Redis is an error.
 */
export async function createTestRedis(): Promise<TestRedis | undefined> {
  const url = process.env.TEST_REDIS_URL;
  if (!url) {
    if (process.env.CI) throw new Error('TEST_REDIS_URL is not set; .ci/run must export it.');
    console.warn('[test-utils] TEST_REDIS_URL is not set: Redis tests are skipped.');
    return undefined;
  }
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await client.connect();
  const prefix = `mana-test:${randomBytes(6).toString('hex')}:`;
  return {
    url,
    prefix,
    client,
    close: async () => {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await client.del(...keys);
      } while (cursor !== '0');
      await client.quit();
    },
  };
}
