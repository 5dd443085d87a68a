import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabase, hasPostgresServer, type TestDatabase } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/database/create-database.js';
import { migrate, migrationsSql } from '../src/database/migrate.js';
import { authCoreMigrations } from '../src/database/migrations.generated.js';
import { ManaAuthConfigError } from '../src/errors.js';
import { exerciseAuth, tablesOutsideCatalog } from './own-database-harness.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dist/mana-auth-sql.js', import.meta.url));

async function freshDatabase(): Promise<TestDatabase & { url: string }> {
  const db = await createTestDatabase();
  if (!hasPostgresServer(db)) throw new Error('these tests need TEST_DATABASE_URL (a PostgreSQL server)');
  return db;
}

/** Applies `file` with the real psql binary; resolves its exit code and stderr. */
async function psql(url: string, file: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file]);
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

const queryOf = (db: TestDatabase) => ({
  query: async (text: string) => (await db.query(text)).rows as never[],
});

describe('migrationsSql applied with psql', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mana-sql-'));
  let db: TestDatabase & { url: string };
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a database the app uses without migrating, with nothing in public', async () => {
    const file = join(dir, 'identity.sql');
    writeFileSync(file, migrationsSql({ schema: 'identity' }));
    expect(await psql(db.url, file)).toEqual({ code: 0, stderr: '' });

    const tables = await tablesOutsideCatalog(queryOf(db));
    expect(tables.every((t) => t.startsWith('identity.'))).toBe(true);
    expect(tables).toContain('identity.mana_migrations');
    const publicTables = await db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(publicTables.rows).toEqual([]);

    const database = await createDatabase(db.url, { schema: 'identity' });
    try {
      await exerciseAuth(database); // never migrated
      expect((await migrate(database)).applied).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('fails as a whole when applied twice, changing nothing', async () => {
    const file = join(dir, 'identity.sql');
    const before = await db.query('SELECT count(*)::int AS n FROM identity.mana_migrations');
    const again = await psql(db.url, file);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already exists/);
    expect((await db.query('SELECT count(*)::int AS n FROM identity.mana_migrations')).rows).toEqual(
      before.rows,
    );
  });

  it('is the schema-qualified SQL of every migration, and refuses an unsafe schema', () => {
    const sql = migrationsSql({ schema: 'identity' });
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "identity";');
    expect(sql).not.toContain('"auth"');
    for (const m of authCoreMigrations) expect(sql).toContain(`'@mana/auth-core', '${m.name}', '${m.hash}'`);
    expect(migrationsSql()).toContain('CREATE TABLE "auth"."users"');
    expect(() => migrationsSql({ schema: 'Identity"; DROP' })).toThrow(ManaAuthConfigError);
  });
});

describe('migrate in schema identity', () => {
  it('is safe when several processes migrate an empty database at once', async () => {
    const db = await freshDatabase();
    try {
      const connections = await Promise.all(
        [1, 2, 3].map(() => createDatabase(db.url, { schema: 'identity' })),
      );
      const results = await Promise.all(connections.map((c) => migrate(c)));
      await Promise.all(connections.map((c) => c.close()));
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, authCoreMigrations.length]);
      const rows = await db.query('SELECT count(*)::int AS n FROM identity.mana_migrations');
      expect(rows.rows[0]).toEqual({ n: authCoreMigrations.length });
    } finally {
      await db.close();
    }
  });
});

describe('migrate adopts the bookkeeping of older releases (public.mana_migrations)', () => {
  it('copies the rows into auth.mana_migrations instead of re-applying, and is idempotent', async () => {
    const db = await freshDatabase();
    const database = await createDatabase(db.url);
    try {
      await migrate(database);
      // What an older release left: its rows in public.mana_migrations, none in auth.
      await db.query('CREATE TABLE public.mana_migrations AS SELECT * FROM auth.mana_migrations');
      await db.query('DROP TABLE auth.mana_migrations');
      expect((await migrate(database)).applied).toEqual([]);
      expect((await migrate(database)).applied).toEqual([]);
      const adopted = await db.query('SELECT name FROM auth.mana_migrations ORDER BY name');
      expect(adopted.rows.map((r) => r.name)).toEqual(authCoreMigrations.map((m) => m.name));
    } finally {
      await database.close();
      await db.close();
    }
  });
});

describe('mana-auth-sql (the built CLI)', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build @mana/auth-core first (pnpm build)`);
  });

  it('starts with a shebang and prints the same SQL as migrationsSql()', async () => {
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const { stdout } = await run(process.execPath, [CLI, '--schema', 'identity']);
    const body = (sql: string) => sql.split('\n').slice(1).join('\n');
    expect(body(stdout)).toBe(body(migrationsSql({ schema: 'identity' })));
    expect(stdout.split('\n')[0]).toMatch(/^-- @mana\/auth-core \d+\.\d+\.\d+: schema "identity"$/);
  });

  it('prints help, and exits 2 with one line for bad input', async () => {
    const help = await run(process.execPath, [CLI, '--help']);
    expect(help.stdout).toMatch(/^Usage: mana-auth-sql/);
    for (const args of [['--schema', 'Bad-Name'], ['--frobnicate'], ['extra']]) {
      const failure = await run(process.execPath, [CLI, ...args]).catch((e: unknown) => e);
      const { code, stderr } = failure as { code: number; stderr: string };
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^mana-auth-sql: /);
    }
  });
});
