// What the revocation test files share: one migrated database per file, auth instances whose
// registries are closed after it, extra connection pools ("other processes"), and small helpers.
import { afterAll, beforeAll } from 'vitest';
import type { ManaAuthConfig } from '../src/config/auth-config.js';
import type { ManaAuth } from '../src/create-auth.js';
import { createDatabase, type ManaDatabase } from '../src/database/create-database.js';
import { type AuthTestContext, type CookieJar, call, setupAuthTest, signIn, signUp } from './harness.js';

/** The file's database and what it opened; see {@link setupRevocationTest}. */
export interface RevocationTest {
  /** The migrated database of the file (set once `beforeAll` ran). */
  readonly t: AuthTestContext;
  /** An auth instance on the file's database whose revocation registry is closed after the file. */
  makeAuth(overrides?: Partial<ManaAuthConfig>): ManaAuth;
  /** A second connection pool on the same PostgreSQL database: another "process". */
  otherDatabase(): Promise<ManaDatabase>;
  /** Closes `item` after the file, before the database (registries, pools, Redis clients). */
  closeAfter<T extends { close(): Promise<unknown> }>(item: T): T;
}

/**
 * Registers the file's `beforeAll`/`afterAll`: a migrated database, and at the end everything
 * handed to `closeAfter` (newest first), then the database.
 */
export function setupRevocationTest(): RevocationTest {
  let context: AuthTestContext | undefined;
  const opened: Array<{ close(): Promise<unknown> }> = [];
  beforeAll(async () => {
    context = await setupAuthTest();
  });
  afterAll(async () => {
    for (const item of opened.reverse()) await item.close();
    await context?.close();
  });
  const closeAfter = <T extends { close(): Promise<unknown> }>(item: T): T => {
    opened.push(item);
    return item;
  };
  const test: RevocationTest = {
    get t() {
      if (!context) throw new Error('setupRevocationTest: used before beforeAll ran');
      return context;
    },
    makeAuth: (overrides = {}) => {
      const auth = test.t.makeAuth(overrides);
      closeAfter(auth.revocations);
      return auth;
    },
    otherDatabase: async () => closeAfter(await createDatabase(test.t.testDb.url)),
    closeAfter,
  };
  return test;
}

/** Skips a test that needs two processes on one PostgreSQL server (PGlite is single-process). */
export function needsServer(t: AuthTestContext, ctx: { skip(note: string): void }): void {
  if (!t.testDb.url) ctx.skip('needs a PostgreSQL server (two instances)');
}

/** The session token inside the signed session cookie of `jar`. */
export const tokenOf = (jar: CookieJar): string =>
  decodeURIComponent(jar.cookies.get('better-auth.session_token')!).split('.')[0]!;

/** The session `jar` carries, as Better Auth's `/get-session` reports it (a copy of the jar is sent). */
export async function sessionOf(
  auth: ManaAuth,
  jar: CookieJar,
): Promise<{ id: string; token: string } | undefined> {
  const res = await call(auth, 'GET', '/get-session', { jar: jar.clone() });
  return (res.body as { session: { id: string; token: string } } | null)?.session;
}

/** A fresh sign-in on `auth` (of a new user unless `email` is given): its jar, token and session id. */
export async function signedInSession(auth: ManaAuth, email?: string) {
  const address = email ?? (await signUp(auth)).email;
  const { jar } = await signIn(auth, address);
  const current = await sessionOf(auth, jar);
  return { email: address, jar, token: tokenOf(jar), id: current!.id };
}

/**
 * Signs `jar` out of `auth` while `auth.revoked_sessions` is renamed away, so that the revocation
 * cannot be recorded; puts the table back whatever happens and returns the sign-out's status.
 */
export async function signOutWithoutRevocationTable(
  database: ManaDatabase,
  auth: ManaAuth,
  jar: CookieJar,
): Promise<number> {
  await database.query('ALTER TABLE auth.revoked_sessions RENAME TO revoked_sessions_away');
  try {
    return (await call(auth, 'POST', '/sign-out', { jar, body: {} })).status;
  } finally {
    await database.query('ALTER TABLE auth.revoked_sessions_away RENAME TO revoked_sessions');
  }
}

/** Polls until `check()` holds: the shared `@mana/test-utils` helper, re-exported for the tests that import it here. */
export { within } from '@mana/test-utils';
