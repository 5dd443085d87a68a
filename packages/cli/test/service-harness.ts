// A real @mana/auth-core instance (the "running service" the CLI operates on) and the few
// requests the CLI tests make to it, over its Fetch handler on the loopback base URL.
import { createAuth, createDatabase, type ManaAuth, type ManaDatabase } from '@mana/auth-core';
import { CookieJar, setRemoteAddress } from '@mana/internal';
import type { Redis } from 'ioredis';

export const TEST_SECRET = 'cli-test-secret-that-is-at-least-32-bytes!!';
const BASE_URL = 'http://127.0.0.1:3001';
const BASE_PATH = '/api/v1/auth';
const PASSWORD = 'SecurePassword123!';

/** A running service instance on `url` (with Redis when given). */
export async function startService(
  url: string,
  redis?: { client: Redis; prefix: string },
): Promise<{ auth: ManaAuth; database: ManaDatabase; close(): Promise<void> }> {
  const database = await createDatabase(url);
  const auth = createAuth({
    database,
    secret: TEST_SECRET,
    baseURL: BASE_URL,
    rateLimit: { enabled: false },
    betterAuthRoutes: { exposeAllUnsafe: true },
    ...(redis ? { redis: redis.client, redisKeyPrefix: redis.prefix } : {}),
  });
  return {
    auth,
    database,
    close: async () => {
      await auth.revocations.close();
      await database.close();
    },
  };
}

async function call(auth: ManaAuth, method: string, path: string, jar: CookieJar, body?: unknown) {
  const headers = new Headers({ origin: BASE_URL });
  if (body !== undefined) headers.set('content-type', 'application/json');
  jar.applyTo(headers);
  const request = new Request(`${BASE_URL}${BASE_PATH}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const response = await auth.handler(setRemoteAddress(request, '203.0.113.9'));
  jar.store(response.headers.getSetCookie());
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

let counter = 0;

/** Signs up a new user; returns its email, id and the jar of the sign-up session. */
export async function signUp(auth: ManaAuth): Promise<{ email: string; userId: string; jar: CookieJar }> {
  const email = `cli-user-${Date.now()}-${counter++}@example.com`;
  const jar = new CookieJar();
  const res = await call(auth, 'POST', '/sign-up/email', jar, {
    email,
    password: PASSWORD,
    name: 'Ops Test',
  });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, userId: (res.body as { user: { id: string } }).user.id, jar };
}

/** A further sign-in of `email`: its jar. */
export async function signIn(auth: ManaAuth, email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const res = await call(auth, 'POST', '/sign-in/email', jar, { email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return jar;
}

/** The session id `/get-session` reports for `jar` (a copy is sent), or null when refused. */
export async function sessionIdOf(auth: ManaAuth, jar: CookieJar): Promise<string | null> {
  const res = await call(auth, 'GET', '/get-session', jar.clone());
  return (res.body as { session?: { id: string } } | null)?.session?.id ?? null;
}

/** The HTTP status of minting an access token at `/token` with `jar`. */
export async function tokenStatus(auth: ManaAuth, jar: CookieJar): Promise<number> {
  return (await call(auth, 'GET', '/token', jar.clone())).status;
}

/** The session token inside the session cookie of `jar` (to look for it in outputs and Redis). */
export const sessionTokenOf = (jar: CookieJar): string =>
  decodeURIComponent(jar.get('better-auth.session_token') ?? '').split('.')[0] ?? '';

/** Polls until `check()` holds: the shared `@mana/test-utils` helper, re-exported for the tests that import it here. */
export { within } from '@mana/test-utils';
