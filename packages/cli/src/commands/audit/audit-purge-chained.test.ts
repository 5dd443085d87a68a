import { verifyAuditLog } from '@mana/security-events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainedLog, openChainedLog } from '../../../test/chained-audit-log.js';
import { runCli } from '../../../test/run-cli.js';

let log: ChainedLog;
const count = async () =>
  Number(
    (await log.database.query<{ n: number }>('SELECT count(*)::int AS n FROM auth.security_events'))[0]?.n,
  );

beforeAll(async () => {
  log = await openChainedLog(40, 15);
}, 60_000);
afterAll(() => log?.close());

describe('mana-auth audit purge on a tamper-evident log', () => {
  it('needs AUDIT_SIGNING_KEY (exit 2, nothing deleted); a plain purge never runs on it', async () => {
    const { AUDIT_SIGNING_KEY: _, ...withoutKey } = log.env;
    const missing = await runCli(['audit', 'purge', '--older-than', '365d'], { env: withoutKey });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /no private audit key: neither --signing-key nor \$AUDIT_SIGNING_KEY is set — set AUDIT_SIGNING_KEY/,
    );
    const wrong = await runCli(['audit', 'purge', '--older-than', '365d'], {
      env: { ...log.env, AUDIT_SIGNING_KEY: log.keys.publicKey },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/\$AUDIT_SIGNING_KEY is not an Ed25519 private key/);
    expect(await count()).toBe(55);
  });

  it('purges whole old batches with a signed boundary; the log still verifies', async () => {
    const { code, stdout } = await runCli(['audit', 'purge', '--older-than', '365d', '--json'], {
      env: log.env,
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ deleted: 40, records: 4, complete: true, chained: true });
    expect(await count()).toBe(15);
    const result = await verifyAuditLog(log.database, {
      publicKey: log.keys.publicKey,
      commitKey: log.keys.commitKey,
    });
    expect(result).toMatchObject({ ok: true, events: 15 });
  });
});
