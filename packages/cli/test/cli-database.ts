// The PostgreSQL database a CLI test file runs the built `mana-auth` against.
import { createTestDatabase, hasPostgresServer, type TestDatabase } from '@mana/test-utils';
import { runCli } from './run-cli.js';

/** A test database on a PostgreSQL server: the CLI takes a `DATABASE_URL`, never PGlite. */
export type CliTestDatabase = TestDatabase & { url: string };

/**
 * A fresh database for one test file, migrated by the built CLI (`mana-auth migrate`) unless
 * `migrate: false`. Throws, never skips, without TEST_DATABASE_URL or when the migration fails.
 */
export async function createCliTestDatabase(options: { migrate?: boolean } = {}): Promise<CliTestDatabase> {
  const created = await createTestDatabase();
  if (!hasPostgresServer(created)) {
    await created.close();
    throw new Error('these tests need TEST_DATABASE_URL (a PostgreSQL server)');
  }
  if (options.migrate ?? true) {
    const migrated = await runCli(['migrate'], { env: { DATABASE_URL: created.url } });
    if (migrated.code !== 0) {
      await created.close();
      throw new Error(`mana-auth migrate exited ${migrated.code}: ${migrated.stderr}`);
    }
  }
  return created;
}
