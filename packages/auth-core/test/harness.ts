import { CookieJar, setRemoteAddress } from '@mana/internal';
import { createTestDatabase, type TestDatabase } from '@mana/test-utils';
import type { ManaAuthConfig } from '../src/config/auth-config.js';
import { createAuth, type ManaAuth } from '../src/create-auth.js';
import { createDatabase, type ManaDatabase } from '../src/database/create-database.js';
import { migrate } from '../src/database/migrate.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long!!';
export const BASE_URL = 'http://127.0.0.1:3001';
export const BASE_PATH = '/api/v1/auth';
export const PASSWORD = 'SecurePassword123!';

/**
 * An auth instance on `database` as the tests configure it: the test secret, the loopback base
 * URL, no rate limit, and every Better Auth route exposed (the tests drive them over the handler).
 */
export function createTestAuth(database: ManaDatabase, overrides: Partial<ManaAuthConfig> = {}): ManaAuth {
  return createAuth({
    database,
    secret: TEST_SECRET,
    baseURL: BASE_URL,
    rateLimit: { enabled: false },
    betterAuthRoutes: { exposeAllUnsafe: true },
    ...overrides,
  });
}

/** A migrated database for one test file, with a query counter. */
export interface AuthTestContext {
  testDb: TestDatabase;
  database: ManaDatabase;
  queries: string[];
  makeAuth(overrides?: Partial<ManaAuthConfig>): ManaAuth;
  close(): Promise<void>;
}

export async function setupAuthTest(): Promise<AuthTestContext> {
  const testDb = await createTestDatabase();
  const queries: string[] = [];
  const database = testDb.url
    ? await createDatabase(testDb.url, { onQuery: (sql) => queries.push(sql) })
    : await createDatabase('memory://', { onQuery: (sql) => queries.push(sql) });
  await migrate(database);
  return {
    testDb,
    database,
    queries,
    makeAuth: (overrides = {}) => createTestAuth(database, overrides),
    close: async () => {
      await database.close();
      await testDb.close();
    },
  };
}

/** What a client sees from one request. */
export interface CallResult {
  status: number;
  headers: Headers;
  body: unknown;
  /** Set-Cookie lines. */
  setCookies: string[];
}

/** The shared cookie jar (`@mana/internal`): keeps name=value of every Set-Cookie, drops expired ones. */
export { CookieJar };

export async function call(
  auth: { handler: (request: Request) => Promise<Response> },
  method: string,
  path: string,
  options: { body?: unknown; jar?: CookieJar; headers?: Record<string, string>; remoteAddress?: string } = {},
): Promise<CallResult> {
  const headers = new Headers(options.headers);
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  options.jar?.applyTo(headers);
  headers.set('origin', BASE_URL);
  const request = new Request(`${BASE_URL}${BASE_PATH}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  // What an adapter does with the socket address of the connection.
  const response = await auth.handler(setRemoteAddress(request, options.remoteAddress));
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  const setCookies = response.headers.getSetCookie();
  options.jar?.store(setCookies);
  return { status: response.status, headers: response.headers, body, setCookies };
}

let counter = 0;
/** Signs up a fresh user and returns its email and a jar holding its session cookies. */
export async function signUp(
  auth: ManaAuth,
  name = 'Test',
): Promise<{ email: string; jar: CookieJar; userId: string }> {
  const email = `user${Date.now()}${counter++}@example.com`;
  const jar = new CookieJar();
  const res = await call(auth, 'POST', '/sign-up/email', { body: { email, password: PASSWORD, name }, jar });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, jar, userId: (res.body as { user: { id: string } }).user.id };
}

export async function signIn(
  auth: ManaAuth,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<{ result: CallResult; jar: CookieJar }> {
  const jar = new CookieJar();
  const result = await call(auth, 'POST', '/sign-in/email', {
    body: { email, password: PASSWORD, ...extra },
    jar,
  });
  return { result, jar };
}
