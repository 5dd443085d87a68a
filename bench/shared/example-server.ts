/**
 * What the benches that start an example server share: its configuration on a scratch database
 * (rate limits lifted, so the load is measured and not refused), the bench user and secret, and
 * a loopback listener.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@mana/example-shared';

/** The examples' `AUTH_SECRET` in every bench. */
export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret!!';

/** The user every bench registers and signs in. */
export const BENCH_USER = { email: 'bench@example.com', password: 'SecurePassword123!', name: 'Bench' };

/** An example server's configuration on `databaseUrl`, on loopback, without effective rate limits. */
export function benchExampleConfig(databaseUrl: string): ReturnType<typeof loadConfig> {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    AUTH_SECRET: BENCH_SECRET,
    DATABASE_URL: databaseUrl,
    BASE_URL: 'http://127.0.0.1',
    RATE_LIMIT_SIGN_IN: '100000000/60',
    RATE_LIMIT_TOKEN: '100000000/60',
  });
}

/** Listens on a free loopback port (once) and gives the server's base URL. */
export async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
