import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliTestDatabase, createCliTestDatabase } from './cli-database.js';
import { runCli } from './run-cli.js';

let db: CliTestDatabase;

beforeAll(async () => {
  db = await createCliTestDatabase({ migrate: false });
});
afterAll(() => db?.close());

async function tablesIn(schema: string): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'security_event%' ORDER BY 1`,
    [schema],
  );
  return rows.map((row) => row.table_name);
}

describe('mana-auth migrate --integrity', () => {
  it('a plain migrate leaves the integrity tables out; --integrity adds them once', async () => {
    const env = { DATABASE_URL: db.url };
    expect((await runCli(['migrate'], { env })).code).toBe(0);
    expect(await tablesIn('auth')).toEqual(['security_events']);

    const first = await runCli(['migrate', '--integrity'], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('applied');
    expect(await tablesIn('auth')).toEqual([
      'security_event_boundaries',
      'security_event_chain',
      'security_event_checkpoints',
      'security_event_erasures',
      'security_events',
    ]);
    const again = await runCli(['migrate', '--integrity'], { env });
    expect(again.stdout.trim()).toBe('schema "auth" is up to date');
  });

  it('--print-sql --integrity prints the integrity tables in the chosen schema, touching nothing', async () => {
    const { code, stdout } = await runCli(['migrate', '--print-sql', '--integrity', '--schema', 'identity']);
    expect(code).toBe(0);
    expect(stdout).toContain('CREATE TABLE IF NOT EXISTS "identity"."security_event_chain"');
    expect(stdout).not.toContain('"auth"."security_event_chain"');
    expect(await tablesIn('identity')).toEqual([]);
  });

  it('the applied integrity tables are the ones audit verify reads: an empty log verifies clean', async () => {
    const keys = await runCli(['audit', 'keygen', '--json', '--out-dir', await tempDir()]);
    expect(keys.code).toBe(0);
    const { publicKey } = JSON.parse(keys.stdout) as { publicKey: string };
    const verify = await runCli(['audit', 'verify', '--public-key', publicKey], {
      env: { DATABASE_URL: db.url, AUDIT_COMMIT_KEY: 'c'.repeat(48) },
    });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^clean: 0 events in 0 chains/);
  });
});

function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mana-migrate-integrity-'));
}
