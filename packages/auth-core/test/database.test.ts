import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuth } from '../src/create-auth.js';
import { createDatabase, redactUrl } from '../src/database/create-database.js';
import { migrate } from '../src/database/migrate.js';
import { ManaAuthConfigError } from '../src/errors.js';
import { BASE_URL, call, TEST_SECRET } from './harness.js';

// The test signs up over Better Auth's own route.
const ALL = { exposeAllUnsafe: true };

describe('createDatabase', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mana-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps users and signing keys in the PGlite data directory across restarts', async () => {
    const first = await createDatabase(undefined, { dataDir: dir });
    expect(first.kind).toBe('pglite');
    await migrate(first);
    const auth = createAuth({
      database: first,
      secret: TEST_SECRET,
      baseURL: BASE_URL,
      betterAuthRoutes: ALL,
    });
    const before = (await call(auth, 'GET', '/jwks')).body;
    const signup = await call(auth, 'POST', '/sign-up/email', {
      body: { email: 'persist@example.com', password: 'SecurePassword123!', name: 'P' },
    });
    expect(signup.status).toBe(200);
    await first.close();
    await first.close(); // closing twice is harmless

    const second = await createDatabase(undefined, { dataDir: dir });
    expect((await migrate(second)).applied).toEqual([]);
    const again = createAuth({
      database: second,
      secret: TEST_SECRET,
      baseURL: BASE_URL,
      betterAuthRoutes: ALL,
    });
    expect((await call(again, 'GET', '/jwks')).body).toEqual(before);
    const login = await call(again, 'POST', '/sign-in/email', {
      body: { email: 'persist@example.com', password: 'SecurePassword123!' },
    });
    expect(login.status).toBe(200);
    await second.close();
  }, 60_000);

  it('rejects an unsupported URL with the fix, without echoing the password', async () => {
    const error = await createDatabase('mysql://root:s3cret@db:3306/app').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManaAuthConfigError);
    expect((error as Error).message).toMatch(/postgres:\/\//);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('redacts passwords in connection strings', () => {
    expect(redactUrl('postgres://app:pa55@db:5432/x')).toBe('postgres://app:***@db:5432/x');
  });

  it('closes a PostgreSQL pool cleanly', async (ctx) => {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) return ctx.skip('needs TEST_DATABASE_URL');
    const database = await createDatabase(url);
    expect(database.kind).toBe('postgres');
    expect(await database.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await database.close();
    await expect(database.query('SELECT 1')).rejects.toThrow();
  });
});
