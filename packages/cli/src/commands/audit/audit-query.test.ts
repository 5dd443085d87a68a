import { createHmac } from 'node:crypto';
import { createDatabase, type ManaDatabase } from '@mana/auth-core';
import { SecurityEventsService } from '@mana/security-events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadInput } from '../../../test/cli-assertions.js';
import { type CliTestDatabase, createCliTestDatabase } from '../../../test/cli-database.js';
import { runCli } from '../../../test/run-cli.js';

const SECRET = 'audit-cli-test-secret-of-at-least-32-bytes!';
// What examples/shared/src/services.ts configures, and what the CLI derives from AUTH_SECRET.
const HASH_KEY = createHmac('sha256', SECRET).update('mana-audit-pseudonyms').digest('base64url');
const ALICE = { id: 'user-alice', email: 'alice@example.com' };
const BOB = { id: 'user-bob', email: 'bob@example.com' };

let db: CliTestDatabase;
let database: ManaDatabase;

beforeAll(async () => {
  db = await createCliTestDatabase();
  database = await createDatabase(db.url);
  for (const user of [ALICE, BOB]) {
    await database.query('INSERT INTO auth.users (id, name, email) VALUES ($1, $1, $2)', [
      user.id,
      user.email,
    ]);
  }
  const service = new SecurityEventsService({ database, logger: false, privacy: { hashKey: HASH_KEY } });
  const start = Date.now() - 10 * 86_400_000;
  // Groups of five events share one timestamp: pages must break ties by id.
  const at = (i: number) => new Date(start + Math.floor(i / 5) * 60_000);
  for (let i = 0; i < 120; i++)
    service.logEvent({
      eventType: 'login_success',
      userId: ALICE.id,
      ipAddress: '203.0.113.7',
      occurredAt: at(i),
    });
  for (let i = 0; i < 80; i++)
    service.logEvent({
      eventType: 'login_failure',
      ipAddress: '198.51.100.1',
      metadata: { reason: 'invalid_credentials', email: ALICE.email },
      occurredAt: at(i),
    });
  for (let i = 0; i < 50; i++)
    service.logEvent({
      eventType: 'logout',
      userId: BOB.id,
      ipAddress: '203.0.113.7',
      occurredAt: at(i + 200),
    });
  await service.close();
});
afterAll(async () => {
  await database?.close();
  await db?.close();
});

const cli = (args: string[], env: Record<string, string> = { AUTH_SECRET: SECRET }) =>
  runCli(['audit', 'query', ...args], { env: { DATABASE_URL: db.url, ...env } });

const events = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as { id: string; eventType: string; userId: string | null; createdAt: string },
    );

const idsWhere = async (where: string, params: unknown[] = []) =>
  (
    await database.query<{ id: string }>(
      `SELECT id::text AS id FROM auth.security_events WHERE ${where}`,
      params,
    )
  )
    .map((row) => row.id)
    .sort();

describe('mana-auth audit query', () => {
  it('pages through every matching event with --after: no gap, no duplicate', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const { code, stdout, stderr } = await cli([
        '--type',
        'login_success',
        '--type',
        'logout',
        '--limit',
        '40',
        '--json',
        ...(after ? ['--after', after] : []),
      ]);
      expect(code, stderr).toBe(0);
      const page = events(stdout);
      expect(page.length).toBeLessThanOrEqual(40);
      seen.push(...page.map((event) => event.id));
      after = /next-cursor: (\S+)/.exec(stderr)?.[1];
      pages++;
    } while (after);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(await idsWhere("event_type IN ('login_success', 'logout')"));
  }, 120_000);

  it('filters by user (id or email), time window and type; prints a table without --json', async () => {
    expect(events((await cli(['--user', ALICE.email, '--limit', '1000', '--json'])).stdout)).toHaveLength(
      120,
    );
    expect(events((await cli(['--user', BOB.id, '--limit', '1000', '--json'])).stdout)).toHaveLength(50);
    const since = new Date(Date.now() - 10 * 86_400_000 + 5 * 60_000).toISOString();
    const until = new Date(Date.now() - 10 * 86_400_000 + 10 * 60_000).toISOString();
    const window = events(
      (await cli(['--since', since, '--until', until, '--limit', '1000', '--json'])).stdout,
    );
    expect(window.map((e) => e.id).sort()).toEqual(
      await idsWhere('created_at >= $1 AND created_at < $2', [since, until]),
    );
    expect(window.length).toBeGreaterThan(0);
    expect(events((await cli(['--since', '1d', '--json'])).stdout)).toEqual([]);
    const table = await cli(['--type', 'login_failure', '--limit', '3']);
    expect(table.stdout.split('\n')[0]).toMatch(/^CREATED_AT +EVENT_TYPE +USER_ID +IP_ADDRESS +ID +METADATA/);
    expect(table.stdout.trim().split('\n')).toHaveLength(4);
    expect(table.stderr).toContain('next-cursor: ');
  });

  it('--ip and --email match the stored pseudonyms with the key derived from AUTH_SECRET', async () => {
    const byIp = events((await cli(['--ip', '203.0.113.7', '--limit', '1000', '--json'])).stdout);
    expect(byIp).toHaveLength(170);
    const byEmail = events((await cli(['--email', 'ALICE@example.com', '--limit', '1000', '--json'])).stdout);
    expect(byEmail).toHaveLength(80);
    expect(new Set(byEmail.map((e) => e.eventType))).toEqual(new Set(['login_failure']));
    // The raw address is nowhere in the log; AUDIT_HASH_KEY (the service's privacy.hashKey) works too.
    expect(JSON.stringify(byIp)).not.toContain('203.0.113.7');
    const withKey = await cli(['--ip', '198.51.100.1', '--limit', '1000', '--json'], {
      AUDIT_HASH_KEY: HASH_KEY,
    });
    expect(events(withKey.stdout)).toHaveLength(80);
    const wrongKey = await cli(['--ip', '198.51.100.1', '--json'], {
      AUDIT_HASH_KEY: 'another-key-of-16-chars',
    });
    expect(events(wrongKey.stdout)).toEqual([]);
  });

  it('bad input is one line naming the fix, exit 2', async () => {
    await expectBadInput(
      [
        [['--ip', '203.0.113.7'], /--ip needs the audit log's hash key.* — set AUTH_SECRET/, {}],
        [['--email', 'a@b.c'], /--email needs the audit log's hash key/, {}],
        [
          ['--type', 'login_failur'],
          /--type "login_failur" is not an event type — did you mean "login_failure"\?/,
        ],
        [['--limit', '0'], /--limit "0" is not a page size — give a whole number from 1 to 1000/],
        [['--since', 'yesterday'], /--since "yesterday" is neither a date nor a duration/],
        [['--after', 'not-a-cursor'], /Invalid cursor.* — pass --after the cursor a previous page printed/],
        [['--user', 'nobody@example.com'], /USER_NOT_FOUND/],
        [['--tpye', 'logout'], /Unknown option '--tpye'.*did you mean "--type"\?/],
      ],
      cli,
    );
  }, 120_000);
});
