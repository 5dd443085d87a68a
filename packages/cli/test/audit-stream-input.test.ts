import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError } from './cli-assertions.js';
import { type CliTestDatabase, createCliTestDatabase } from './cli-database.js';
import { runCli } from './run-cli.js';

let db: CliTestDatabase;

beforeAll(async () => {
  db = await createCliTestDatabase();
  await db.query(
    `INSERT INTO auth.security_events (event_type, metadata, created_at)
     SELECT 'rate_limited', '{"reason":"rate_limited"}', now() - interval '1 day' + g * interval '1 s' FROM generate_series(1, 30) g`,
  );
});
afterAll(() => db?.close());

describe('mana-auth audit stream', () => {
  it('streams to stdout in the chosen format, data only; progress goes to stderr', async () => {
    const { code, stdout, stderr } = await runCli(
      ['audit', 'stream', '--format', 'cef', '--batch-size', '7'],
      {
        env: { DATABASE_URL: db.url },
      },
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(30);
    for (const line of lines) expect(line).toMatch(/^CEF:0\|Mana\|mana-auth\|[^|]+\|rate_limited\|/);
    expect(stderr).toContain('audit stream: 30 events in 5 batches');
  });

  it('--since and a checkpoint: the second run sends only what is new', async () => {
    const checkpoint = join(await mkdtemp(join(tmpdir(), 'cli-stream-')), 'c.json');
    const env = { DATABASE_URL: db.url };
    const first = await runCli(['audit', 'stream', '--since', '2d', '--checkpoint', checkpoint], { env });
    expect(first.stdout.trim().split('\n')).toHaveLength(30);
    await db.query(`INSERT INTO auth.security_events (event_type, user_id) VALUES ('signup', NULL)`);
    const second = await runCli(['audit', 'stream', '--format', 'ecs', '--checkpoint', checkpoint], { env });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).event).toMatchObject({ action: 'signup', kind: 'event' });
  });

  it.each([
    [['--format', 'leef'], '--format "leef" is not a stream format — use jsonl, ocsf, ecs or cef'],
    [['--to', 'ftp://x'], '--to "ftp://x" is not a stream receiver'],
    [['--batch-size', '0'], '--batch-size "0" is not a batch size'],
    [['--since', 'yesterday'], '--since "yesterday" is neither a date nor a duration'],
    [['--late-window', '5 minutes'], '--late-window "5 minutes" is not a duration'],
    [['--folow'], 'did you mean "--follow"?'],
  ])('bad input %j: one line naming the fix, exit 2', async (args, message) => {
    const result = await runCli(['audit', 'stream', ...args], { env: { DATABASE_URL: db.url } });
    expectOneLineError(result, 2, [message]);
  });

  it('a checkpoint file it did not write is bad input, exit 2', async () => {
    const checkpoint = join(await mkdtemp(join(tmpdir(), 'cli-stream-')), 'bad.json');
    await writeFile(checkpoint, 'not json');
    const result = await runCli(['audit', 'stream', '--checkpoint', checkpoint], {
      env: { DATABASE_URL: db.url },
    });
    expectOneLineError(result, 2, ['not a checkpoint of this version']);
  });

  it('a receiver that refuses (HTTP 403) is a failed operation, exit 1', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_request, response) => response.writeHead(403).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    const { code, stderr } = await runCli(['audit', 'stream', '--to', `http://127.0.0.1:${port}/x`], {
      env: { DATABASE_URL: db.url },
    });
    server.close();
    expect(code).toBe(1);
    expect(stderr).toContain('refused a batch with HTTP 403');
  });
});
