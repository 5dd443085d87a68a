import { createTestDatabase, type TestDatabase } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type ManaDatabase } from './create-database.js';
import { migrate } from './migrate.js';
import { authCoreMigrations } from './migrations.generated.js';

describe('migrate', () => {
  let testDb: TestDatabase;
  const opened: ManaDatabase[] = [];
  // Several connections to one database; with PGlite (one process) the same instance each time.
  const open = async () => {
    if (!testDb.url && opened[0]) return opened[0];
    const database = testDb.url ? await createDatabase(testDb.url) : await createDatabase('memory://');
    opened.push(database);
    return database;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()));
    await testDb.close();
  });

  it('creates every table of the auth schema with the spec columns', async () => {
    const database = await open();
    const { applied } = await migrate(database);
    expect(applied).toEqual(authCoreMigrations.map((m) => `@mana/auth-core/${m.name}`));
    const tables = await database.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'auth' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'accounts',
      'jwks',
      'login_failures',
      'mana_migrations',
      'rate_limits',
      'revoked_sessions',
      'sessions',
      'users',
      'verifications',
    ]);
    const [rememberMe] = await database.query<{ data_type: string; column_default: string }>(
      "SELECT data_type, column_default FROM information_schema.columns WHERE table_schema = 'auth' AND table_name = 'sessions' AND column_name = 'remember_me'",
    );
    expect(rememberMe).toEqual({ data_type: 'boolean', column_default: 'false' });
  });

  it('is idempotent', async () => {
    const database = await open();
    expect((await migrate(database)).applied).toEqual([]);
  });

  it('is safe when several processes migrate an empty database at once', async (ctx) => {
    if (!testDb.url) return ctx.skip('needs a PostgreSQL server (several connections)');
    const { createTestDatabase: fresh } = await import('@mana/test-utils');
    const empty = await fresh();
    try {
      const connections = await Promise.all([1, 2, 3, 4].map(() => createDatabase(empty.url)));
      const results = await Promise.all(connections.map((c) => migrate(c)));
      await Promise.all(connections.map((c) => c.close()));
      const appliedCounts = results.map((r) => r.applied.length).sort();
      expect(appliedCounts).toEqual([0, 0, 0, authCoreMigrations.length]);
    } finally {
      await empty.close();
    }
  });

  it('refuses a migration whose SQL changed after it was applied', async () => {
    const database = await open();
    await database.query("UPDATE auth.mana_migrations SET hash = 'tampered' WHERE name = '0000_init'");
    await expect(migrate(database)).rejects.toThrow(/applied with different SQL/);
    await database.query('UPDATE auth.mana_migrations SET hash = $1 WHERE name = $2', [
      authCoreMigrations[0]!.hash,
      '0000_init',
    ]);
  });

  it('ships migrations that match the drizzle-kit SQL files (the check:migrations script)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const { scripts } = JSON.parse(readFileSync(`${cwd}/package.json`, 'utf8')) as {
      scripts: Record<string, string>;
    };
    const [command, ...args] = (scripts['check:migrations'] ?? '').split(' ');
    expect(command).toBe('node');
    expect(args).toContain('--check');
    expect(() => execFileSync(process.execPath, args, { cwd, stdio: 'pipe' })).not.toThrow();
  });
});
