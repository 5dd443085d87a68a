import { verifyAuditLog } from '@mana/security-events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAINED_USER, type ChainedLog, openChainedLog } from '../../../test/chained-audit-log.js';
import { runCli } from '../../../test/run-cli.js';

let log: ChainedLog;
const erase = (args: string[], env: Record<string, string> = log.env) =>
  runCli(['audit', 'erase', ...args], { env });
const personal = async () =>
  Number(
    (
      await log.database.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM auth.security_events WHERE user_id = $1 OR ip_address IS NOT NULL OR user_agent IS NOT NULL',
        [CHAINED_USER.id],
      )
    )[0]?.n,
  );

beforeAll(async () => {
  log = await openChainedLog(0, 25);
}, 60_000);
afterAll(() => log?.close());

describe('mana-auth audit erase', () => {
  it('bad input is one line naming the fix, exit 2, and nothing changes', async () => {
    const { AUDIT_COMMIT_KEY: _, ...withoutKey } = log.env;
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [
        ['--user', CHAINED_USER.id],
        withoutKey,
        /no commitment key: \$AUDIT_COMMIT_KEY is not set — set AUDIT_COMMIT_KEY/,
      ],
      [[], log.env, /--user is required/],
      [['--user', CHAINED_USER.email], log.env, /25 event\(s\) of user cli-erasure-user-5b1e .* — add --yes/],
      [
        ['--user', CHAINED_USER.id, '--yes'],
        { ...log.env, AUDIT_COMMIT_KEY: 'short' },
        /AUDIT_COMMIT_KEY is shorter than 32 bytes/,
      ],
    ];
    const results = await Promise.all(cases.map(([args, env]) => erase(args, env)));
    for (const [i, { code, stdout, stderr }] of results.entries()) {
      const [args, , message] = cases[i] as (typeof cases)[number];
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
      expect(stderr, args.join(' ')).toMatch(message);
      expect(stdout).toBe('');
    }
    expect(await personal()).toBe(25);
  });

  it('--yes erases the personal data (found by email), the log verifies, then the user can be deleted', async () => {
    await expect(
      log.database.query('DELETE FROM auth.users WHERE id = $1', [CHAINED_USER.id]),
    ).rejects.toThrow(/erase them first/);
    const { code, stdout } = await erase(['--user', CHAINED_USER.email, '--yes', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ user: CHAINED_USER.id, erased: 25 });
    expect(await personal()).toBe(0);
    const result = await verifyAuditLog(log.database, {
      publicKey: log.keys.publicKey,
      commitKey: log.keys.commitKey,
    });
    expect(result).toMatchObject({ ok: true, events: 25 });
    await log.database.query('DELETE FROM auth.users WHERE id = $1', [CHAINED_USER.id]);
    const again = await erase(['--user', CHAINED_USER.id, '--yes']);
    expect(again).toMatchObject({
      code: 0,
      stdout: `erased the personal data of user ${CHAINED_USER.id} in 0 event(s)\n`,
    });
  });
});
