import type { ManaAuth } from '@mana/auth-core';
import { createTestRedis, type TestRedis } from '@mana/test-utils';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBadInput } from '../../../test/cli-assertions.js';
import { type CliTestDatabase, createCliTestDatabase } from '../../../test/cli-database.js';
import { runCli } from '../../../test/run-cli.js';
import {
  sessionIdOf,
  sessionTokenOf,
  signIn,
  signUp,
  startService,
  tokenStatus,
  within,
} from '../../../test/service-harness.js';

let db: CliTestDatabase;
const closing: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  db = await createCliTestDatabase();
});
afterAll(async () => {
  for (const close of closing.reverse()) await close();
  await db?.close();
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { DATABASE_URL: db.url, ...env } });

const listed = async (user: string, env: Record<string, string> = {}) => {
  const { code, stdout } = await cli(['sessions', 'list', '--user', user, '--json'], env);
  expect(code).toBe(0);
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; userId: string; ipAddress: string; inRedis?: boolean });
};

describe('mana-auth sessions (PostgreSQL)', () => {
  let auth: ManaAuth;
  beforeAll(async () => {
    const service = await startService(db.url);
    closing.push(service.close);
    auth = service.auth;
  });

  it('lists by email and by id: ids, times and client address, never the token', async () => {
    const user = await signUp(auth);
    const second = await signIn(auth, user.email);
    const byEmail = await listed(user.email.toUpperCase());
    const byId = await listed(user.userId);
    expect(byEmail).toEqual(byId);
    expect(byEmail.map((s) => s.id).sort()).toEqual(
      [await sessionIdOf(auth, user.jar), await sessionIdOf(auth, second)].sort(),
    );
    expect(byEmail[0]).toMatchObject({ userId: user.userId, ipAddress: '203.0.113.9' });
    const table = await cli(['sessions', 'list', '--user', user.email]);
    expect(table.stdout).toMatch(/^ID +CREATED_AT +EXPIRES_AT/);
    for (const output of [JSON.stringify(byEmail), table.stdout, table.stderr]) {
      expect(output).not.toContain(sessionTokenOf(user.jar));
      expect(output).not.toContain(sessionTokenOf(second));
    }
  });

  it('revoke --session ends that session on the running instance at once; the other lives', async () => {
    const user = await signUp(auth);
    const other = await signIn(auth, user.email);
    const id = (await sessionIdOf(auth, user.jar)) as string;
    expect(await tokenStatus(auth, user.jar)).toBe(200);
    const { code, stdout } = await cli(['sessions', 'revoke', '--session', id]);
    expect(code).toBe(0);
    expect(stdout).toContain(`revoked 1 session(s) of user ${user.userId}`);
    await within(1000, async () => (await sessionIdOf(auth, user.jar)) === null);
    expect(await tokenStatus(auth, user.jar)).toBe(401);
    expect(await sessionIdOf(auth, other)).not.toBeNull();
    expect((await listed(user.email)).map((s) => s.id)).toEqual([await sessionIdOf(auth, other)]);
  });

  it('revoke --user (by email) ends every session of the user and nobody else', async () => {
    const user = await signUp(auth);
    const second = await signIn(auth, user.email);
    const bystander = await signUp(auth);
    const { code, stdout } = await cli(['sessions', 'revoke', '--user', user.email, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ userId: user.userId, redis: false });
    expect((JSON.parse(stdout) as { sessionIds: string[] }).sessionIds).toHaveLength(2);
    await within(1000, async () => (await sessionIdOf(auth, second)) === null);
    expect(await sessionIdOf(auth, user.jar)).toBeNull();
    expect(await sessionIdOf(auth, bystander.jar)).not.toBeNull();
    expect(await listed(user.userId)).toEqual([]);
    // Again: nothing left, still fine.
    expect((await cli(['sessions', 'revoke', '--user', user.userId])).stdout).toContain(
      'revoked 0 session(s)',
    );
  });

  it('bad input is one line naming the fix, exit 2', async () => {
    await expectBadInput(
      [
        [
          ['sessions', 'list', '--user', 'nobody@example.com'],
          /USER_NOT_FOUND: no user with email "nobody@example.com" — /,
        ],
        [['sessions', 'list', '--user', 'no-such-id'], /USER_NOT_FOUND: no user with id "no-such-id"/],
        [['sessions', 'list'], /--user is required — pass --user <id\|email>/],
        [
          ['sessions', 'revoke', '--session', 'no-such-session'],
          /SESSION_NOT_FOUND: .* — run "mana-auth sessions list/,
        ],
        [['sessions', 'revoke', '--user', 'nobody@example.com'], /USER_NOT_FOUND/],
        [
          ['sessions', 'revoke'],
          /nothing to revoke — pass exactly one of --user <id\|email> or --session <id>/,
        ],
        [['sessions', 'revoke', '--user', 'a@b.c', '--session', 'x'], /not both/],
        [
          ['sessions', 'revoke', '--session', 'x', '--credential-lifetime', '15 minutes'],
          /is not a duration/,
        ],
        [['sessions', 'revoke', '--sesion', 'x'], /Unknown option '--sesion'.*did you mean "--session"\?/],
        [['sessions', 'list', '--user', 'a@b.c', '--jsn'], /did you mean "--json"\?/],
      ],
      cli,
    );
  }, 120_000);
});

describe('mana-auth sessions (Redis secondary storage)', () => {
  let auth: ManaAuth;
  let redis: TestRedis;
  beforeAll(async () => {
    const created = await createTestRedis();
    if (!created) throw new Error('these tests need TEST_REDIS_URL');
    redis = created;
    closing.push(() => redis.close());
    // The service's own client, as an app would hold it.
    const client = new Redis(redis.url, { maxRetriesPerRequest: 2 });
    closing.push(async () => client.disconnect());
    const service = await startService(db.url, { client, prefix: redis.prefix });
    closing.push(service.close);
    auth = service.auth;
  });
  const env = () => ({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.prefix });

  it('a session revoked by the CLI is refused by the running instance at once, and gone from Redis', async () => {
    const user = await signUp(auth);
    const second = await signIn(auth, user.email);
    const bystander = await signUp(auth);
    const tokens = [sessionTokenOf(user.jar), sessionTokenOf(second)];
    for (const token of tokens) expect(await redis.client.get(redis.prefix + token)).not.toBeNull();
    expect(await redis.client.get(`${redis.prefix}active-sessions-${user.userId}`)).toContain(tokens[0]);
    const before = await listed(user.email, env());
    expect(before.map((s) => s.inRedis)).toEqual([true, true]);
    expect(await tokenStatus(auth, second)).toBe(200);

    const { code, stdout, stderr } = await cli(['sessions', 'revoke', '--user', user.email], env());
    expect(code).toBe(0);
    expect(stdout).toContain('revoked 2 session(s)');
    expect(stdout).toContain('Redis copies removed');
    expect(stderr).not.toContain('REDIS_URL is not set');
    // The cookie cache (JWE, 5 minutes) would answer for the session without the broadcast.
    const ms = await within(1000, async () => (await sessionIdOf(auth, second)) === null);
    expect(ms).toBeLessThan(1000);
    expect(await sessionIdOf(auth, user.jar)).toBeNull();
    expect(await tokenStatus(auth, second)).toBe(401);
    for (const token of tokens) expect(await redis.client.get(redis.prefix + token)).toBeNull();
    expect(await redis.client.get(`${redis.prefix}active-sessions-${user.userId}`)).toBeNull();
    expect(await sessionIdOf(auth, bystander.jar)).not.toBeNull();
    expect(await redis.client.get(redis.prefix + sessionTokenOf(bystander.jar))).not.toBeNull();
  });

  it('revoke --session removes that one from Redis and keeps the rest of the active list', async () => {
    const user = await signUp(auth);
    const other = await signIn(auth, user.email);
    const id = (await sessionIdOf(auth, user.jar)) as string;
    const { code } = await cli(['sessions', 'revoke', '--session', id], env());
    expect(code).toBe(0);
    await within(1000, async () => (await sessionIdOf(auth, user.jar)) === null);
    expect(await redis.client.get(redis.prefix + sessionTokenOf(user.jar))).toBeNull();
    const list = await redis.client.get(`${redis.prefix}active-sessions-${user.userId}`);
    expect(list).toContain(sessionTokenOf(other));
    expect(list).not.toContain(sessionTokenOf(user.jar));
    expect(await sessionIdOf(auth, other)).not.toBeNull();
  });
});
