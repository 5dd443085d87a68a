import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError } from './cli-assertions.js';
import { type CliTestDatabase, createCliTestDatabase } from './cli-database.js';
import { runCli } from './run-cli.js';

describe('mana-auth: help, errors and exit codes', () => {
  it('--help lists every command, the configuration variables and the exit codes', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('migrate');
    expect(stdout).toContain('DATABASE_URL');
    expect(stdout).toMatch(/Exit codes: 0 done, 1 .*, 2 bad input/);
  });

  it('without a command prints the list on stderr and exits 2', async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: mana-auth <command>');
  });

  it('every command has --help with its usage, options and exit codes', async () => {
    const { stdout: index } = await runCli(['--help']);
    const commands = [...index.matchAll(/^ {2}([a-z]+(?: [a-z-]+)*) {2,}/gm)].map((m) =>
      (m[1] as string).split(' '),
    );
    expect(commands.length).toBeGreaterThan(0);
    for (const path of commands) {
      const { code, stdout } = await runCli([...path, '--help']);
      expect(code, path.join(' ')).toBe(0);
      expect(stdout).toContain(`Usage: mana-auth ${path.join(' ')}`);
      expect(stdout).toContain('Exit codes:');
    }
  });

  it('an unknown command is one line naming the closest command, exit 2', async () => {
    const result = await runCli(['migrat']);
    expectOneLineError(result, 2, ['unknown command "migrat"', 'did you mean "migrate"?']);
  });

  it('an unknown flag is one line naming the closest flag, exit 2', async () => {
    const result = await runCli(['migrate', '--print-sq']);
    expectOneLineError(result, 2, [
      /^mana-auth migrate: Unknown option '--print-sq'/,
      'did you mean "--print-sql"?',
    ]);
  });

  it('a bad schema name is refused before anything runs, exit 2', async () => {
    const result = await runCli(['migrate', '--print-sql', '--schema', 'Bad-Name']);
    expectOneLineError(result, 2, ['--schema "Bad-Name"']);
  });

  it('without DATABASE_URL says which variable to set, exit 2', async () => {
    expectOneLineError(await runCli(['migrate']), 2, ['set DATABASE_URL']);
  });

  it('an unreachable database is a failed operation (exit 1) with the password redacted', async () => {
    const result = await runCli(['migrate'], {
      env: { DATABASE_URL: 'postgres://app:hunter2-secret@127.0.0.1:1/app' },
    });
    expectOneLineError(result, 1, ['cannot reach the database']);
    expect(result.stderr).not.toContain('hunter2-secret');
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('mana-auth migrate', () => {
  let db: CliTestDatabase;

  beforeAll(async () => {
    db = await createCliTestDatabase({ migrate: false });
  });
  afterAll(() => db?.close());

  it('--print-sql prints one script for the schema and touches no database', async () => {
    const { code, stdout } = await runCli(['migrate', '--print-sql', '--schema', 'identity']);
    expect(code).toBe(0);
    expect(stdout).toContain('CREATE SCHEMA IF NOT EXISTS "identity"');
    expect(stdout).toContain('"identity"."security_events"');
    expect(stdout).not.toContain('"auth".');
  });

  it('applies every migration once, then finds nothing to do', async () => {
    const first = await runCli(['migrate', '--json'], { env: { DATABASE_URL: db.url } });
    expect(first.code).toBe(0);
    const applied = (JSON.parse(first.stdout) as { applied: string[] }).applied;
    expect(applied.some((name) => name.startsWith('@mana/auth-core/'))).toBe(true);
    expect(applied.some((name) => name.startsWith('@mana/security-events/'))).toBe(true);
    const tables = await db.query("SELECT to_regclass('auth.security_events') AS t");
    expect(tables.rows).toEqual([{ t: 'auth.security_events' }]);
    const second = await runCli(['migrate'], { env: { DATABASE_URL: db.url } });
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe('schema "auth" is up to date');
  });

  it('the printed SQL, applied with psql-like single execution, leaves migrate nothing to do', async () => {
    const { stdout } = await runCli(['migrate', '--print-sql', '--schema', 'printed']);
    await db.query(stdout);
    const after = await runCli(['migrate', '--schema', 'printed'], { env: { DATABASE_URL: db.url } });
    expect(after.code).toBe(0);
    expect(after.stdout.trim()).toBe('schema "printed" is up to date');
  });
});
