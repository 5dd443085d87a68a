import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type ManaDatabase } from '@mana/auth-core';
import { appendCheckpointFile, migrateAuditIntegrity, SecurityEventsService } from '@mana/security-events';
import { createTestDatabase, hasPostgresServer, type TestDatabase } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, runCli } from '../../../test/run-cli.js';
import { auditVerifyCommand } from './verify.js';

const EVENTS = 600;
const dir = mkdtempSync(join(tmpdir(), 'mana-audit-verify-'));
const keyDir = join(dir, 'keys');
const publicKeyFile = join(keyDir, 'audit-public.pem');
const checkpointFile = join(dir, 'checkpoints.jsonl');
const commitKey = randomBytes(32).toString('base64url');
const oneLine = (text: string) => text.trim().split('\n').length === 1;

let db: TestDatabase & { url: string };
let database: ManaDatabase;
let eventId: string;
const env = () => ({ DATABASE_URL: db.url, AUDIT_COMMIT_KEY: commitKey });
const audit = (args: string[], extra: Record<string, string> = {}, input?: string) =>
  runCli(['audit', ...args], { env: { ...env(), ...extra }, ...(input === undefined ? {} : { input }) });

beforeAll(async () => {
  const created = await createTestDatabase();
  if (!hasPostgresServer(created))
    throw new Error('these tests need TEST_DATABASE_URL (a PostgreSQL server)');
  db = created;
  expect((await runCli(['migrate'], { env: { DATABASE_URL: db.url } })).code).toBe(0);
  expect((await runCli(['audit', 'keygen', '--out-dir', keyDir])).code).toBe(0);
  database = await createDatabase(db.url);
  await migrateAuditIntegrity(database);
  // Two instances write concurrently (two chains each), as a service behind a load balancer.
  const services = [0, 1].map(
    () =>
      new SecurityEventsService({
        database,
        logger: false,
        maxConcurrentWrites: 2,
        integrity: {
          commitKey,
          signingKey: readFileSync(join(keyDir, 'audit-private.pem'), 'utf8'),
          checkpointSink: appendCheckpointFile(checkpointFile),
        },
      }),
  );
  for (let i = 0; i < EVENTS; i++)
    await services[i % 2]?.logEvent(
      i % 3 === 0
        ? { eventType: 'password_reset_requested', metadata: { n: i } }
        : {
            eventType: 'login_failure',
            ipAddress: `203.0.113.${i % 200}`,
            metadata: { n: i, reason: 'invalid_credentials', email: `p${i}@example.test` },
          },
    );
  await Promise.all(services.map((service) => service.close()));
  const [row] = await database.query<{ id: string }>(
    "SELECT id::text AS id FROM auth.security_events WHERE event_type = 'login_failure' ORDER BY id LIMIT 1",
  );
  eventId = row?.id as string;
}, 120_000);
afterAll(async () => {
  await database?.close();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mana-auth audit keygen', () => {
  it('wrote a private key only its owner reads, and never overwrites a key', async () => {
    expect(statSync(join(keyDir, 'audit-private.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(publicKeyFile, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await runCli(['audit', 'keygen', '--out-dir', keyDir]);
    expect(again.code).toBe(2);
    expect(oneLine(again.stderr)).toBe(true);
    expect(again.stderr).toMatch(/audit-private\.pem exists; a key is never overwritten — pass --out-dir/);
  });
});

describe('mana-auth audit verify', () => {
  it('reports a clean log (exit 0), with the checkpoints kept outside the database too', async () => {
    const [chains] = await database.query<{ n: number }>(
      'SELECT count(DISTINCT chain_id)::int AS n FROM auth.security_event_chain',
    );
    const plain = await audit(['verify', '--public-key', publicKeyFile]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(
      new RegExp(`^clean: ${EVENTS} events in ${chains?.n} chains, \\d+ checkpoints\\n$`),
    );

    const withFile = await audit([
      'verify',
      '--public-key',
      publicKeyFile,
      '--checkpoints',
      checkpointFile,
      '--json',
    ]);
    expect(withFile.code, withFile.stderr).toBe(0);
    const result = JSON.parse(withFile.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ ok: true, events: EVENTS, chains: chains?.n, divergence: null });
    const fileLines = readFileSync(checkpointFile, 'utf8').trim().split('\n').length;
    expect(result.checkpoints).toBe(
      JSON.parse(plain.stdout.replace(/.*, (\d+) checkpoints\n/, '$1')) + fileLines,
    );
    // The public key may come from $AUDIT_PUBLIC_KEY instead of a file.
    const fromEnv = await audit(['verify'], { AUDIT_PUBLIC_KEY: readFileSync(publicKeyFile, 'utf8') });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
  });
});

describe('mana-auth audit prove and verify-proof', () => {
  it('proves an event in under 1 KB, and the proof verifies offline without a database', async () => {
    const proved = await audit(['prove', eventId]);
    expect(proved.code, proved.stderr).toBe(0);
    expect(Buffer.byteLength(proved.stdout.trim())).toBeLessThanOrEqual(1024);
    expect(proved.stdout).not.toMatch(/203\.0\.113|example\.test/); // personal data only as a commitment
    const proofFile = join(dir, 'proof.json');
    const written = await audit(['prove', eventId, '--out', proofFile]);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain(`proof of event ${eventId} written to ${proofFile}`);

    // An auditor's machine: no DATABASE_URL, no commit key, the public key only.
    const offline = await runCli(['audit', 'verify-proof', proofFile, '--public-key', publicKeyFile]);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(
      new RegExp(`^valid: event ${eventId}, chain [0-9a-f-]{36}, sequence \\d+\\n$`),
    );
    const fromStdin = await runCli(['audit', 'verify-proof', '-', '--json'], {
      env: { AUDIT_PUBLIC_KEY: readFileSync(publicKeyFile, 'utf8') },
      input: proved.stdout,
    });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ valid: true, eventId });
  });

  it('an altered proof, or another key, is invalid (exit 3) and says why', async () => {
    const proof = JSON.parse((await audit(['prove', eventId])).stdout) as {
      event: { metadata: { n: number } };
    };
    proof.event.metadata.n += 1;
    const altered = join(dir, 'altered.json');
    writeFileSync(altered, JSON.stringify(proof));
    const result = await runCli(['audit', 'verify-proof', altered, '--public-key', publicKeyFile]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(
      /^invalid: the audit path does not fit|^invalid: the signed head does not match/,
    );

    const otherKeys = join(dir, 'other-keys');
    expect((await runCli(['audit', 'keygen', '--out-dir', otherKeys])).code).toBe(0);
    const good = join(dir, 'good.json');
    writeFileSync(good, (await audit(['prove', eventId])).stdout);
    const wrongKey = await runCli([
      'audit',
      'verify-proof',
      good,
      '--public-key',
      join(otherKeys, 'audit-public.pem'),
    ]);
    expect(wrongKey.code).toBe(3);
    expect(wrongKey.stdout).toContain('invalid: the signed head does not match');
  });
});

describe('bad input', () => {
  it('is one line naming the fix, exit 2, nothing on stdout', async () => {
    const proofFile = join(dir, 'proof.json');
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [
        ['verify', '--public-key', publicKeyFile, '--checkpoint', 'x'],
        {},
        /Unknown option '--checkpoint'.*did you mean "--checkpoints"\?/,
      ],
      [
        ['verify', '--public-key', publicKeyFile],
        { AUDIT_COMMIT_KEY: '' },
        /no commitment key: \$AUDIT_COMMIT_KEY is not set — set AUDIT_COMMIT_KEY/,
      ],
      [
        ['verify'],
        {},
        /no public audit key: neither --public-key nor \$AUDIT_PUBLIC_KEY is set — pass --public-key <file>/,
      ],
      [
        ['verify', '--public-key', join(dir, 'nope.pem')],
        {},
        /--public-key ".*nope\.pem" cannot be read \(ENOENT\) — pass the path of a readable PEM file/,
      ],
      [
        ['verify', '--public-key', proofFile],
        {},
        /is not an Ed25519 public key \(PEM or JWK JSON\) — .*audit keygen/,
      ],
      [
        ['verify', '--public-key', publicKeyFile, '--checkpoints', join(dir, 'none.jsonl')],
        {},
        /--checkpoints ".*none\.jsonl" cannot be read \(ENOENT\)/,
      ],
      [
        ['verify', '--public-key', publicKeyFile, '--since', '3 days'],
        {},
        /--since "3 days" is neither a date nor a duration/,
      ],
      [
        ['verify', '--public-key', publicKeyFile, '--schema', 'nochain'],
        {},
        /schema "nochain" has no audit chain tables .* — run "mana-auth migrate --integrity"/,
      ],
      [['prove', 'not-a-uuid'], {}, /proveEvent needs an event id \(a uuid\)/],
      [['prove', randomUUID()], {}, /is in no chain record/],
      [['prove'], {}, /missing <event-id>/],
      [['verify-proof', proofFile], {}, /no public audit key/],
      [
        ['verify-proof', join(dir, 'nope.json'), '--public-key', publicKeyFile],
        {},
        /cannot be read \(ENOENT\)/,
      ],
      [['verify-proof', publicKeyFile, '--public-key', publicKeyFile], {}, /is not JSON — pass the proof/],
    ];
    const results = await Promise.all(cases.map(([args, extra]) => audit(args, extra)));
    for (const [i, { code, stdout, stderr }] of results.entries()) {
      const [args, , message] = cases[i] as (typeof cases)[number];
      expect(code, `${args.join(' ')}: ${stderr}`).toBe(2);
      expect(oneLine(stderr), stderr).toBe(true);
      expect(stderr, args.join(' ')).toMatch(message);
      expect(stdout).toBe('');
    }
  });
});

describe('a tampered log', () => {
  it('a row no chain covers is an inserted row, unless it predates --since (integrity turned on later)', async () => {
    const [row] = await database.query<{ id: string }>(
      "INSERT INTO auth.security_events (event_type, created_at) VALUES ('token_invalid', now() - interval '10 days') RETURNING id::text AS id",
    );
    const found = await audit(['verify', '--public-key', publicKeyFile]);
    expect(found.code).toBe(3);
    expect(found.stdout).toBe(
      `divergence: inserted row, no chain, event ${row?.id}: event ${row?.id} is in no chain record (inserted)\n`,
    );
    const since = await audit(['verify', '--public-key', publicKeyFile, '--since', '1d']);
    expect(since.code, since.stderr).toBe(0);
    expect(since.stdout).toMatch(/^clean: /);
    await database.query('DELETE FROM auth.security_events WHERE id = $1', [row?.id]);
  });

  it('an UPDATE of one row is a divergence (exit 3) with its kind, chain, sequence and event', async () => {
    const [record] = await database.query<{ chain: string; sequence: number }>(
      'SELECT chain_id::text AS chain, sequence::int AS sequence FROM auth.security_event_chain WHERE event_ids @> ARRAY[$1::uuid]',
      [eventId],
    );
    await database.query("UPDATE auth.security_events SET event_type = 'logout' WHERE id = $1", [eventId]);
    const result = await audit(['verify', '--public-key', publicKeyFile]);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(
      `divergence: modified row, chain ${record?.chain}, sequence ${record?.sequence}, event ${eventId}: `,
    );
    expect(oneLine(result.stdout)).toBe(true);
    const json = await audit(['verify', '--public-key', publicKeyFile, '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      divergence: { kind: 'modified_row', chainId: record?.chain, sequence: record?.sequence, eventId },
    });
    // A proof made from the modified row does not verify.
    const proof = join(dir, 'modified.json');
    expect((await audit(['prove', eventId, '--out', proof])).code).toBe(0);
    const checked = await runCli(['audit', 'verify-proof', proof, '--public-key', publicKeyFile]);
    expect(checked.code).toBe(3);
  });
});

describe('mana-auth audit verify, interrupted', () => {
  it('stops between pages with exit 130 and no verdict on stdout', async () => {
    const context = createTestContext({
      flags: { 'public-key': publicKeyFile },
      env: env(),
    });
    try {
      context.abort();
      expect(await auditVerifyCommand.run(context.context)).toBe(130);
      expect(context.stdout()).toBe('');
      expect(context.stderr()).toMatch(/interrupted after \d+ events: no verdict, run it again/);
    } finally {
      await context.close();
    }
  });
});
