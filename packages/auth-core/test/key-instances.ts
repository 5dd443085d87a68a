// What the signing-key tests share: auth instances on their own connection pools ("processes")
// served over HTTP on loopback, minting access tokens with a session, and a resource-server
// client that caches the remote JWKS the way real ones do.
import { createTestDatabase, type StartedServer, startServer, type TestDatabase } from '@mana/test-utils';
import { afterAll, beforeAll } from 'vitest';
import { toNodeHandler } from '../src/adapters/node/index.js';
import type { ManaAuthConfig } from '../src/config/auth-config.js';
import type { ManaAuth } from '../src/create-auth.js';
import { createDatabase, type ManaDatabase } from '../src/database/create-database.js';
import { migrate } from '../src/database/migrate.js';
import { type JwksSource, localJwks } from '../src/verify.js';
import { BASE_PATH, BASE_URL, createTestAuth, PASSWORD, TEST_SECRET } from './harness.js';

/** One auth instance with its own pool, listening on loopback. */
export interface KeyInstance {
  auth: ManaAuth;
  database: ManaDatabase;
  server: StartedServer;
  /** `http://127.0.0.1:<port>/api/v1/auth` */
  base: string;
  close(): Promise<void>;
}

/** Starts an instance on `url` (a fresh pool) served by a node http server on loopback. */
export async function startKeyInstance(
  url: string,
  overrides: Partial<ManaAuthConfig> = {},
): Promise<KeyInstance> {
  const database = await createDatabase(url);
  const auth = createTestAuth(database, overrides);
  const server = await startServer(toNodeHandler(auth.handler));
  return {
    auth,
    database,
    server,
    base: `${server.url}${BASE_PATH}`,
    close: async () => {
      await server.close();
      await auth.revocations.close();
      await database.close();
    },
  };
}

/** The file's database and the instances started on it; see {@link setupKeyInstances}. */
export interface KeyInstancesFile {
  /** Skips the calling test without a PostgreSQL server (PGlite is one process, not two). */
  needsServer(ctx: { skip(note: string): void }): void;
  /**
   * Two instances on the file's database without a signing key yet: the first migrates and
   * empties `auth.jwks` before the second starts. Both are closed after the file.
   */
  startPair(overrides?: Partial<ManaAuthConfig>): Promise<[KeyInstance, KeyInstance]>;
}

/**
 * Registers the file's `beforeAll`/`afterAll`: a fresh database, and at the end every instance
 * `startPair` started, then the database. Hooks the file registers before this call run their
 * `afterAll` after it (vitest runs them as a stack).
 */
export function setupKeyInstances(): KeyInstancesFile {
  let testDb: TestDatabase | undefined;
  const opened: KeyInstance[] = [];
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    for (const instance of opened) await instance.close();
    await testDb?.close();
  });
  const url = () => {
    if (!testDb?.url) throw new Error('setupKeyInstances: no PostgreSQL server (call needsServer first)');
    return testDb.url;
  };
  return {
    needsServer: (ctx) => {
      if (!testDb?.url) ctx.skip('needs a PostgreSQL server (two instances)');
    },
    startPair: async (overrides = {}) => {
      const one = await startKeyInstance(url(), overrides);
      opened.push(one);
      await migrate(one.database);
      await one.database.query('DELETE FROM auth.jwks');
      const two = await startKeyInstance(url(), overrides);
      opened.push(two);
      return [one, two];
    },
  };
}

/** Signs `email` in on `instance` over HTTP and returns its `Cookie` header (signs up first when asked). */
export async function sessionCookie(instance: KeyInstance, email: string, signUp = false): Promise<string> {
  const headers = { 'content-type': 'application/json', origin: BASE_URL };
  if (signUp) {
    const res = await fetch(`${instance.base}/sign-up/email`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email, password: PASSWORD, name: 'Keys' }),
    });
    if (res.status !== 200) throw new Error(`sign-up: ${res.status} ${await res.text()}`);
  }
  const res = await fetch(`${instance.base}/sign-in/email`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

/** A fresh access token from `GET /token` on `instance`. */
export async function mintToken(instance: KeyInstance, cookie: string): Promise<string> {
  const res = await fetch(`${instance.base}/token`, { headers: { cookie, origin: BASE_URL } });
  if (res.status !== 200) throw new Error(`/token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** The `kid` in a token's header. */
export const kidOf = (token: string): string =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;

/** The kids `instance` serves at `/jwks` now. */
export async function servedKids(instance: KeyInstance): Promise<string[]> {
  const res = await fetch(`${instance.base}/jwks`);
  return ((await res.json()) as { keys: Array<{ kid: string }> }).keys.map((key) => key.kid);
}

/**
 * A resource server's key source for `jwksUrl`: the set is fetched, kept for the response's
 * `Cache-Control: max-age` (on `Date.now()`, so a faked clock moves it), and a token with a kid
 * it does not hold is refused: no refetch on an unknown kid, the strictest client there is.
 */
export function strictRemoteJwks(jwksUrl: string): JwksSource & { fetches(): number } {
  let keys: JwksSource | undefined;
  let until = 0;
  let fetches = 0;
  return {
    fetches: () => fetches,
    async getKey(kid) {
      if (!keys || Date.now() >= until) {
        const res = await fetch(jwksUrl);
        const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1] ?? 0);
        keys = localJwks((await res.json()) as never);
        until = Date.now() + maxAge * 1000;
        fetches++;
      }
      return keys.getKey(kid);
    },
  };
}

export { TEST_SECRET };
