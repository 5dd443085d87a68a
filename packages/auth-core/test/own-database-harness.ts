import { expect } from 'vitest';
import { createAuth } from '../src/create-auth.js';
import type { ManaDatabase } from '../src/database/create-database.js';
import { BASE_URL, CookieJar, call, PASSWORD, TEST_SECRET } from './harness.js';

let counter = 0;

/**
 * What an app does on `database` (no migration here): sign up, a wrong password (lockout
 * counter), sign in, the session, log out (revocation record), the JWKS (signing key), with
 * Better Auth's limiter in the database. Returns the user's email.
 */
export async function exerciseAuth(database: ManaDatabase): Promise<string> {
  const auth = createAuth({
    database,
    secret: TEST_SECRET,
    baseURL: BASE_URL,
    rateLimit: { storage: 'database' },
  });
  try {
    const email = `own-db-${Date.now()}-${counter++}@example.com`;
    const signUp = await call(auth, 'POST', '/register', {
      body: { email, password: PASSWORD, name: 'Own' },
    });
    expect(signUp.status).toBe(201);
    const wrong = await call(auth, 'POST', '/login', { body: { email, password: 'WrongPassword123!' } });
    expect(wrong.status).toBe(401);
    const jar = new CookieJar();
    const login = await call(auth, 'POST', '/login', { body: { email, password: PASSWORD }, jar });
    expect(login.status).toBe(200);
    expect((await call(auth, 'GET', '/session', { jar })).status).toBe(200);
    expect((await call(auth, 'POST', '/logout', { jar })).status).toBe(200);
    expect((await call(auth, 'GET', '/session', { jar })).status).toBe(401);
    const jwks = await call(auth, 'GET', '/jwks');
    expect((jwks.body as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    return email;
  } finally {
    await auth.revocations?.close();
  }
}

/** `schema.table` of every base table outside PostgreSQL's own schemas. */
export async function tablesOutsideCatalog(database: Pick<ManaDatabase, 'query'>): Promise<string[]> {
  const rows = await database.query<{ t: string }>(
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  return rows.map((row) => row.t);
}
