import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MailMessage } from '@mana/auth-core';
import { createServices, type ExampleConfig, loadConfig, type Services } from '@mana/example-shared';
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from '@mana/test-utils';

/** How an example starts its framework's server around the shared services. */
export type StartServer = (
  services: Services,
  config: Pick<ExampleConfig, 'port' | 'host'>,
) => Promise<Server>;

/** A running example server for a test. */
export interface RunningExample {
  /** Where the server listens (its BASE_URL may differ, e.g. the load balancer's). */
  url: string;
  services: Services;
  mails: MailMessage[];
  stop(): Promise<void>;
}

/** Finds a free loopback port (the base URL must be known before the server starts). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Environment an example gets in tests. No client-IP settings: each client connects from its own
 * loopback address, which the example uses as it is.
 */
export function testEnv(
  db: { url?: string | undefined },
  redis: TestRedis | undefined,
  port: number,
  extra: NodeJS.ProcessEnv = {},
) {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${port}`,
    AUTH_SECRET: 'contract-suite-secret-of-at-least-32-bytes!',
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...(redis ? { REDIS_URL: redis.url } : {}),
    ...extra,
  };
}

/** Starts an example on a fresh database (and Redis when configured). */
export async function startExample(
  start: StartServer,
  options: { db?: TestDatabase; redis?: TestRedis; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningExample & { db: TestDatabase }> {
  const db = options.db ?? (await createTestDatabase());
  if (!db.url)
    throw new Error('The example contract suite needs a PostgreSQL server: set TEST_DATABASE_URL.');
  const port = await freePort();
  const config = loadConfig(testEnv(db, options.redis, port, options.env));
  const mails: MailMessage[] = [];
  const services = await createServices(config, { mailSender: async (m) => void mails.push(m) });
  const server = await start(services, config);
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    mails,
    db,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await services.close();
      if (!options.db) await db.close();
    },
  };
}

export { createTestRedis };
