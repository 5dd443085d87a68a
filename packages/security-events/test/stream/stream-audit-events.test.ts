import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecurityEventsError } from '../../src/errors.js';
import { fileCheckpoint, memoryCheckpoint } from '../../src/stream/checkpoint-file.js';
import { httpSink } from '../../src/stream/http-sink.js';
import { streamAuditEvents } from '../../src/stream/stream-audit-events.js';
import type { StreamBatch, StreamSink } from '../../src/stream/stream-sink.js';
import { syslogSink } from '../../src/stream/syslog-sink.js';
import { type MigratedDatabase, openMigratedDatabase } from '../helpers.js';
import { jumpingClock } from './jumping-clock.js';
import { duplicates, httpReceiver, syslogReceiver } from './receivers.js';

let db: MigratedDatabase;

/** Inserts `n` rows `ageMs` old (1 ms apart) and returns their ids. */
async function seed(n: number, ageMs: number, type = 'login_failure'): Promise<string[]> {
  const rows = await db.database.query<{ id: string }>(
    `INSERT INTO auth.security_events (event_type, ip_address, metadata, created_at)
     SELECT $1, 'hmac:ip' || g, jsonb_build_object('reason', 'invalid_credentials'),
            now() - make_interval(secs => $2::double precision / 1000) + g * interval '1 microsecond'
     FROM generate_series(1, $3::int) g RETURNING id::text AS id`,
    [type, ageMs, n],
  );
  return rows.map((row) => row.id);
}

function memorySink(
  options: { failOn?: number } = {},
): StreamSink & { batches: StreamBatch[]; ids: string[] } {
  const batches: StreamBatch[] = [];
  const ids: string[] = [];
  return {
    batches,
    ids,
    async send(batch) {
      if (options.failOn === batches.length + 1)
        throw new SecurityEventsError('STREAM_SINK_REJECTED', 'refused');
      batches.push(batch);
      ids.push(...batch.events.map((event) => event.id));
    },
    async close() {},
  };
}

beforeAll(async () => {
  db = await openMigratedDatabase();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.database.query('DELETE FROM auth.security_events');
});

describe('streamAuditEvents', () => {
  it('delivers every row once, oldest first, in batches, from since', async () => {
    await seed(50, 10 * 86_400_000);
    const ids = await seed(2_500, 3_600_000);
    const sink = memorySink();
    const result = await streamAuditEvents({ database: db.database, sink, batchSize: 1000, since: '2d' });
    expect(result).toMatchObject({ events: 2_500, batches: 3, lateEvents: 0 });
    expect(sink.ids).toEqual(ids);
    expect(sink.batches.map((batch) => batch.lines.length)).toEqual([1000, 1000, 500]);
    expect(JSON.parse(sink.batches[0]?.lines[0] as string)).toMatchObject({
      id: ids[0],
      eventType: 'login_failure',
    });
  });

  it('saves the checkpoint only after the sink accepted, and resumes after it', async () => {
    const ids = await seed(1_000, 3_600_000);
    const path = join(await mkdtemp(join(tmpdir(), 'stream-')), 'audit.ckpt');
    const failing = memorySink({ failOn: 3 });
    const first = streamAuditEvents({
      database: db.database,
      sink: failing,
      batchSize: 100,
      checkpoint: fileCheckpoint(path),
    });
    await expect(first).rejects.toMatchObject({ code: 'STREAM_SINK_REJECTED' });
    expect(JSON.parse(await readFile(path, 'utf8')).settled[1]).toBe(ids[199]);
    const rest = memorySink();
    await streamAuditEvents({
      database: db.database,
      sink: rest,
      batchSize: 100,
      checkpoint: fileCheckpoint(path),
    });
    expect([...failing.ids, ...rest.ids]).toEqual(ids);
    const again = memorySink();
    expect(
      await streamAuditEvents({ database: db.database, sink: again, checkpoint: fileCheckpoint(path) }),
    ).toMatchObject({ events: 0 });
  });

  it('finds a row committed late, behind rows already sent, exactly once', async () => {
    const fresh = await seed(300, 1_000);
    const checkpoint = memoryCheckpoint();
    const sink = memorySink();
    await streamAuditEvents({ database: db.database, sink, batchSize: 100, checkpoint });
    expect(checkpoint.current?.pending).toHaveLength(300);
    // Another writer commits a row stamped before the newest row already streamed.
    const [late] = await db.database.query<{ id: string }>(
      `INSERT INTO auth.security_events (event_type, created_at)
       SELECT 'rate_limited', created_at - interval '1 microsecond' FROM auth.security_events WHERE id = $1
       RETURNING id::text AS id`,
      [fresh[150]],
    );
    const newer = await seed(10, 0);
    await streamAuditEvents({ database: db.database, sink, batchSize: 100, checkpoint });
    expect(sink.ids).toEqual([...fresh, late?.id, ...newer]);
    expect(duplicates(sink.ids)).toEqual([]);
  });

  it('settles rows older than the late window and forgets their ids', async () => {
    await seed(200, 60_000);
    const checkpoint = memoryCheckpoint();
    await streamAuditEvents({ database: db.database, sink: memorySink(), lateWindowMs: 30_000, checkpoint });
    expect(checkpoint.current?.pending).toEqual([]);
    expect(checkpoint.current?.settled).toEqual(checkpoint.current?.head);
  });

  it('follows new rows until aborted', async () => {
    const sink = memorySink();
    const controller = new AbortController();
    const following = streamAuditEvents({
      database: db.database,
      sink,
      follow: true,
      pollIntervalMs: 20,
      signal: controller.signal,
    });
    const ids = [...(await seed(5, 0)), ...(await seed(7, 0))];
    for (let i = 0; i < 500 && sink.ids.length < 12; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(await following).toMatchObject({ events: 12 });
    expect(sink.ids).toEqual(ids);
  });

  it('refuses unknown options and a checkpoint it did not write', async () => {
    await expect(
      streamAuditEvents({ database: db.database, sink: memorySink(), batchsize: 10 } as never),
    ).rejects.toThrow(/Did you mean "batchSize"/);
    const path = join(await mkdtemp(join(tmpdir(), 'stream-')), 'bad.ckpt');
    await writeFile(path, '{"cursor":"x"}');
    await expect(
      streamAuditEvents({ database: db.database, sink: memorySink(), checkpoint: fileCheckpoint(path) }),
    ).rejects.toMatchObject({
      code: 'STREAM_CHECKPOINT_INVALID',
    });
  });
});

describe('httpSink', () => {
  it('retries 5xx, 429 with Retry-After and network errors, then delivers once', async () => {
    const receiver = httpReceiver((n) =>
      n === 1
        ? { status: 503 }
        : n === 2
          ? { status: 429, headers: { 'retry-after': '7' } }
          : { status: 204 },
    );
    await receiver.start();
    const ids = await seed(10, 1000);
    const clock = jumpingClock();
    await streamAuditEvents({
      database: db.database,
      format: 'ecs',
      sink: httpSink({ url: receiver.url, clock }),
    });
    expect(receiver.received.ids).toEqual(ids);
    expect(receiver.requests).toBe(3);
    expect(clock.waits[1]).toBeGreaterThanOrEqual(7000);
    await receiver.kill();
    const down = jumpingClock();
    const refused = streamAuditEvents({
      database: db.database,
      sink: httpSink({ url: receiver.url, clock: down, retry: { maxElapsedMs: 60_000 } }),
    });
    await expect(refused).rejects.toMatchObject({ code: 'STREAM_SINK_UNAVAILABLE' });
    expect(down.waits.length).toBeGreaterThan(3);
    expect(Math.max(...down.waits)).toBeLessThanOrEqual(30_000);
  });

  it('stops on a 4xx with a clear error', async () => {
    const receiver = httpReceiver(() => ({ status: 401 }));
    await receiver.start();
    await seed(3, 1000);
    await expect(
      streamAuditEvents({ database: db.database, sink: httpSink({ url: receiver.url }) }),
    ).rejects.toThrow(/refused a batch with HTTP 401\. Check the URL and the credentials/);
    expect(receiver.requests).toBe(1);
    await receiver.kill();
  });
});

describe('syslogSink', () => {
  it('sends RFC 5424 messages with octet counting', async () => {
    const receiver = syslogReceiver();
    await receiver.start();
    const ids = await seed(20, 1000, 'account_locked');
    const sink = syslogSink({ host: '127.0.0.1', port: receiver.port, hostname: 'auth-1' });
    await streamAuditEvents({ database: db.database, format: 'cef', sink });
    await sink.close();
    expect(receiver.received.ids).toEqual(ids);
    expect(receiver.messages[0]).toMatch(
      /^<84>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z auth-1 mana-auth \d+ account_locked - CEF:0\|Mana\|mana-auth\|/,
    );
    await receiver.kill();
  });
});
