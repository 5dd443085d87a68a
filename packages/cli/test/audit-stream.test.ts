// ACCEPTANCE (issue 13, "Streaming"): >= 10,000 events through the built CLI to a real HTTP and a
// real syslog TCP receiver; each receiver is killed and restarted mid-stream, and the CLI is
// killed with SIGKILL mid-stream and restarted from its checkpoint. Every event arrives; over
// HTTP none is stored twice (the receiver de-duplicates by the batch's Idempotency-Key); over
// syslog the re-sent events are counted and must all come from the replay window.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, hasPostgresServer, type TestDatabase } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  duplicates,
  httpReceiver,
  type Received,
  syslogReceiver,
} from '../../security-events/test/stream/receivers.js';
import { assertBuilt, CLI_FILE, runCli } from './run-cli.js';

const EVENTS = 12_000;
let db: TestDatabase & { url: string };
let tableIds: string[];

function startCli(args: string[]): {
  child: ChildProcess;
  exit: Promise<{ code: number | null; stderr: string }>;
} {
  const child = spawn(process.execPath, [CLI_FILE, 'audit', 'stream', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: db.url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
  return { child, exit };
}

/** Triggers at received-count thresholds: kill/restart the receiver, SIGKILL the CLI. */
function plan(steps: { at: number; run: () => void }[]) {
  return (received: Received) => {
    while (steps[0] && new Set(received.ids).size >= steps[0].at) steps.shift()?.run();
  };
}

beforeAll(async () => {
  assertBuilt();
  const created = await createTestDatabase();
  if (!hasPostgresServer(created))
    throw new Error('these tests need TEST_DATABASE_URL (a PostgreSQL server)');
  db = created;
  expect((await runCli(['migrate'], { env: { DATABASE_URL: db.url } })).code).toBe(0);
  // Spread over the last 20 minutes: part of them inside the default 5-minute late window.
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO auth.security_events (event_type, ip_address, user_agent, metadata, created_at)
     SELECT (ARRAY['login_success','login_failure','token_refresh','logout'])[1 + g % 4], 'hmac:ip' || (g % 97),
            'agent "' || g || '"|=\\', jsonb_build_object('reason', 'r' || g),
            now() - interval '20 minutes' + g * interval '100 ms'
     FROM generate_series(1, ${EVENTS}) g RETURNING id::text AS id`,
  );
  tableIds = rows.map((row) => row.id).sort();
});
afterAll(() => db?.close());

describe('audit stream acceptance', () => {
  it('HTTP: receiver restarted, CLI SIGKILLed and resumed: every event stored exactly once', async () => {
    const checkpoint = join(await mkdtemp(join(tmpdir(), 'stream-')), 'http.ckpt');
    let cli!: ReturnType<typeof startCli>;
    let killed = false;
    const receiver = httpReceiver(() => ({ status: 200 }), {
      delayMs: 3,
      onReceive: plan([
        {
          at: 3_000,
          run: () => void receiver.kill().then(() => setTimeout(() => void receiver.start(), 400)),
        },
        {
          at: 7_000,
          run: () => {
            killed = cli.child.kill('SIGKILL');
          },
        },
      ]),
    });
    await receiver.start();
    const args = [
      '--format',
      'ocsf',
      '--to',
      receiver.url,
      '--checkpoint',
      checkpoint,
      '--batch-size',
      '100',
    ];
    cli = startCli(args);
    const first = await cli.exit;
    expect(killed).toBe(true);
    expect(first.code).toBe(null);
    const second = await startCli(args).exit;
    expect(second.stderr).toMatch(/^(audit stream[^\n]*\n)*audit stream: [\d,]+ events in \d+ batches\n$/);
    expect(second.code).toBe(0);
    expect([...receiver.received.stored].sort()).toEqual(tableIds);
    expect(duplicates(receiver.received.stored)).toEqual([]);
    // On the wire: only the batch in flight at each kill was sent again.
    const resent = receiver.received.ids.length - EVENTS;
    console.info(`HTTP: ${EVENTS} events, ${resent} re-sent on the wire (de-duplicated by Idempotency-Key)`);
    expect(resent).toBeLessThanOrEqual(200);
    await receiver.kill();
  }, 120_000);

  it('syslog: receiver killed and restarted, CLI SIGKILLed and resumed: every event arrives', async () => {
    const checkpoint = join(await mkdtemp(join(tmpdir(), 'stream-')), 'syslog.ckpt');
    let cli!: ReturnType<typeof startCli>;
    const receiver = syslogReceiver({
      onReceive: plan([
        {
          at: 3_000,
          run: () => void receiver.kill().then(() => setTimeout(() => void receiver.start(), 400)),
        },
        { at: 7_000, run: () => void cli.child.kill('SIGKILL') },
      ]),
    });
    await receiver.start();
    const args = [
      '--format',
      'cef',
      '--to',
      `syslog+tcp://127.0.0.1:${receiver.port}`,
      '--checkpoint',
      checkpoint,
      '--batch-size',
      '50',
    ];
    cli = startCli(args);
    const first = await cli.exit;
    expect(first.code).toBe(null);
    const second = await startCli(args).exit;
    expect(second.stderr).toMatch(/^(audit stream[^\n]*\n)*audit stream: [\d,]+ events in \d+ batches\n$/);
    expect(second.code).toBe(0);
    for (let i = 0; i < 200 && new Set(receiver.received.ids).size < EVENTS; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect([...new Set(receiver.received.ids)].sort()).toEqual(tableIds);
    const twice = duplicates(receiver.received.ids);
    console.info(
      `syslog: ${EVENTS} events, ${receiver.received.ids.length - EVENTS} re-sent (${twice.length} distinct ids twice)`,
    );
    await receiver.kill();
  }, 120_000);
});
