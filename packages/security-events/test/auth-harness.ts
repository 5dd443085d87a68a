import { createAuth, type ManaAuth, type ManaAuthConfig } from '@mana/auth-core';
import { CookieJar, setRemoteAddress } from '@mana/internal';
import type { MigratedDatabase } from './helpers.js';

export const SECRET = 'security-events-test-secret-at-least-32-bytes!';
export const BASE_URL = 'http://127.0.0.1:3001';
export const PASSWORD = 'Correct-Horse-Battery-9';

/** The rows of auth.security_events, oldest first, with every column. */
export interface EventRow {
  id: string;
  user_id: string | null;
  event_type: string;
  ip_address: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown> | null;
  created_at: Date;
}

/** What one request returned. */
export interface Reply {
  status: number;
  body: Record<string, unknown> | null;
  setCookies: string[];
}

/** Keeps the cookies a browser would keep: the shared jar of `@mana/internal`. */
export { CookieJar as Jar };

/**
 * Calls a Better Auth route through `auth.handler` as a browser would: `ip` is the socket address
 * (recorded as auth-core's adapters do), `forwardedFor` an `X-Forwarded-For` header.
 */
export async function call(
  auth: { handler: (request: Request) => Promise<Response> },
  method: 'GET' | 'POST',
  path: string,
  options: {
    body?: unknown;
    jar?: CookieJar;
    ip?: string;
    forwardedFor?: string;
    userAgent?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> {
  const headers = new Headers({ origin: BASE_URL, 'user-agent': options.userAgent ?? 'TestBrowser/1.0' });
  if (options.forwardedFor) headers.set('x-forwarded-for', options.forwardedFor);
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  options.jar?.applyTo(headers);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  const request = new Request(`${BASE_URL}/api/v1/auth${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const response = await auth.handler(setRemoteAddress(request, options.ip));
  const setCookies = response.headers.getSetCookie();
  options.jar?.store(setCookies);
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    setCookies,
  };
}

/** A real auth-core instance on the test database (client IP: the recorded socket address). */
export function makeAuth(db: MigratedDatabase, overrides: Partial<ManaAuthConfig> = {}): ManaAuth {
  return createAuth({
    database: db.database,
    secret: SECRET,
    baseURL: BASE_URL,
    rateLimit: { enabled: false },
    // These tests drive Better Auth's own routes over the handler: every one is exposed.
    betterAuthRoutes: { exposeAllUnsafe: true },
    loginLockout: false,
    ...overrides,
  });
}

/** Every event row, oldest first. */
export async function allEvents(db: MigratedDatabase): Promise<EventRow[]> {
  return db.database.query<EventRow & Record<string, unknown>>(
    'SELECT id::text, user_id, event_type, ip_address, user_agent, metadata, created_at FROM auth.security_events ORDER BY created_at, id',
  );
}

/** The user id of a sign-up or sign-in reply. */
export function userIdOf(reply: Reply): string {
  const user = reply.body?.user as { id?: unknown } | undefined;
  if (typeof user?.id !== 'string') throw new Error(`no user in reply (status ${reply.status})`);
  return user.id;
}

/**
 * The session token a reply set in its session cookie (`<token>.<signature>`): auth-core never
 * shows it in a body.
 */
export function sessionTokenOf(reply: Reply): string {
  const cookie = reply.setCookies.find((line) => /session_token=[^;]/.test(line));
  if (!cookie) throw new Error(`no session cookie in reply (status ${reply.status})`);
  const value = cookie.slice(cookie.indexOf('=') + 1).split(';')[0]!;
  return decodeURIComponent(value).split('.')[0]!;
}
