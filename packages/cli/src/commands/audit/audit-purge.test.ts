import { type ChildProcess, spawn } from 'node:child_process';
import { createTestDatabase, hasPostgresServer, type TestDatabase } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI_FILE, runCli } from '../../../test/run-cli.js';

// Its own schema: the purge deletes by age across the whole table.
const SCHEMA = 'purge_test';
const OLD = 120_000;
const RECENT = 1_000;
let db: TestDatabase & { url: string };

const count = async (where = 'true') =>
  Number(
    (await db.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".security_events WHERE ${where}`)).rows[0]
      ?.n as number,
  );
const seed = (rows: number, daysAgo: number) =>
  db.query(
    `INSERT INTO "${SCHEMA}".security_events (event_type, created_at)
     SELECT 'token_invalid', now() - interval '${daysAgo} days' - g * interval '1 second' FROM generate_series(1, ${rows}) g`,
  );
const cli = (args: string[]) =>
  runCli(['audit', 'purge', '--schema', SCHEMA, ...args], { env: { DATABASE_URL: db.url } });

const KILLED_APP = 'mana-auth-purge-test';

/** Starts a purge, waits until it has deleted something, sends `signal`; resolves to its exit. */
async function interrupt(args: string[], signal: NodeJS.Signals) {
  assertBuilt();
  const before = await count();
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI_FILE, 'audit', 'purge', '--schema', SCHEMA, ...args],
    {
      // Named, so the wait below can find its connections whatever they are doing.
      env: { PATH: process.env.PATH, DATABASE_URL: `${db.url}?application_name=${KILLED_APP}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while ((await count()) >= before) {
    if (Date.now() > deadline) throw new Error(`the purge deleted nothing within 30 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill(signal);
  const code = await exited;
  // A killed client's DELETE in flight, or still unread in its backend's socket, runs to its end
  // on the server: wait until the killed client's backends are gone, not merely idle.
  while (
    Number(
      (
        await db.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
          [KILLED_APP],
        )
      ).rows[0]?.n,
    ) > 0
  ) {
    if (Date.now() > deadline) throw new Error('the killed purge statement did not end within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { code, stderr: () => stderr };
}

beforeAll(async () => {
  const created = await createTestDatabase();
  if (!hasPostgresServer(created))
    throw new Error('these tests need TEST_DATABASE_URL (a PostgreSQL server)');
  db = created;
  expect((await runCli(['migrate', '--schema', SCHEMA], { env: { DATABASE_URL: db.url } })).code).toBe(0);
  await seed(OLD, 100);
  await seed(RECENT, 10);
});
afterAll(() => db?.close());

describe('mana-auth audit purge', () => {
  it('--dry-run counts and deletes nothing', async () => {
    const { code, stdout } = await cli(['--older-than', '90d', '--dry-run', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ wouldDelete: OLD, dryRun: true });
    expect(await count()).toBe(OLD + RECENT);
  });

  it('interrupted by SIGINT it stops at a batch (exit 130), killed it loses nothing; run again it finishes', async () => {
    const stopped = await interrupt(['--older-than', '90d', '--batch-size', '500'], 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr()).toMatch(
      /interrupted after \d+; run "mana-auth audit purge --older-than \S+Z" to finish/,
    );
    const afterInterrupt = await count();
    expect(afterInterrupt).toBeLessThan(OLD + RECENT);
    expect(afterInterrupt).toBeGreaterThan(RECENT);

    const killed = await interrupt(['--older-than', '90d', '--batch-size', '500'], 'SIGKILL');
    expect(killed.code).toBeNull();
    const afterKill = await count();
    expect(afterKill).toBeLessThan(afterInterrupt);
    expect(afterKill).toBeGreaterThan(RECENT);

    const resumed = await cli(['--older-than', '90d', '--json']);
    expect(resumed.code).toBe(0);
    const result = JSON.parse(resumed.stdout) as { deleted: number; complete: boolean };
    expect(result).toMatchObject({ deleted: afterKill - RECENT, complete: true });
    // The same end as one uninterrupted purge: every old event gone, every recent one kept.
    expect(await count("created_at < now() - interval '90 days'")).toBe(0);
    expect(await count()).toBe(RECENT);
    expect(resumed.stderr).toContain(`purging audit events: deleted ${afterKill - RECENT} in`);
    // Nothing left: a further run deletes nothing.
    expect(JSON.parse((await cli(['--older-than', '90d', '--json'])).stdout)).toMatchObject({ deleted: 0 });
  }, 120_000);

  it('bad input is one line naming the fix, exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /--older-than is required — pass the retention, e.g. --older-than 90d/],
      [
        ['--older-than', '90 days'],
        /--older-than "90 days" is neither a date nor a duration — give an ISO 8601 time/,
      ],
      [['--older-than', '90x'], /neither a date nor a duration/],
      [['--older-than', '90d', '--batch-size', '0'], /--batch-size "0" is not a batch size/],
      [['--older-then', '90d'], /Unknown option '--older-then'.*did you mean "--older-than"\?/],
    ];
    // Independent runs that change nothing: all at once.
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [i, { code, stdout, stderr }] of results.entries()) {
      const [args, message] = cases[i] as (typeof cases)[number];
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
      expect(stderr, args.join(' ')).toMatch(message);
      expect(stdout).toBe('');
    }
  }, 120_000);
});
