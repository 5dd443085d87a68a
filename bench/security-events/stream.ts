/**
 * Stream-to-stdout rows of `pnpm bench:security-events`: `streamAuditEvents` in each format into a
 * pipe-like sink (`/dev/null` through a file stream, so the numbers do not mix with the table),
 * next to the plain alternative in the same run: keyset pages of the same size with
 * `JSON.stringify` of each row, no formatting, no checkpoint.
 */
import { createWriteStream } from 'node:fs';
import type pg from 'pg';
import {
  fileCheckpoint,
  type StreamFormat,
  streamAuditEvents,
  writableSink,
} from '../../packages/security-events/src/index.js';

const BATCH = 1000;

/** Events per second of one full pass over the table. */
export interface StreamRow {
  label: string;
  events: number;
  perSecond: number;
}

async function timed(label: string, run: () => Promise<number>): Promise<StreamRow> {
  const started = performance.now();
  const events = await run();
  return { label, events, perSecond: events / ((performance.now() - started) / 1000) };
}

/** Streams the whole table once per format (and once with a file checkpoint), then the plain pass. */
export async function streamRows(pool: pg.Pool, checkpointDir: string): Promise<StreamRow[]> {
  // A first run catching up with history: the rows are older than the 5-minute late window.
  await pool.query(`UPDATE auth.security_events SET created_at = created_at - interval '1 hour'`);
  const rows: StreamRow[] = [];
  const formats: StreamFormat[] = ['jsonl', 'ocsf', 'ecs', 'cef'];
  for (const format of formats) {
    rows.push(
      await timed(`streamAuditEvents --format ${format}`, async () => {
        const out = createWriteStream('/dev/null');
        const result = await streamAuditEvents({
          database: pool,
          format,
          sink: writableSink(out),
          batchSize: BATCH,
        });
        out.end();
        return result.events;
      }),
    );
  }
  rows.push(
    await timed('streamAuditEvents --format jsonl --checkpoint FILE', async () => {
      const out = createWriteStream('/dev/null');
      const checkpoint = fileCheckpoint(`${checkpointDir}/bench-${Date.now()}.ckpt`);
      const result = await streamAuditEvents({
        database: pool,
        sink: writableSink(out),
        batchSize: BATCH,
        checkpoint,
      });
      out.end();
      return result.events;
    }),
  );
  rows.push(await timed('plain keyset SELECT + JSON.stringify (the alternative)', () => plainPass(pool)));
  return rows;
}

async function plainPass(pool: pg.Pool): Promise<number> {
  const out = createWriteStream('/dev/null');
  let after: [string, string] | null = null;
  let events = 0;
  for (;;) {
    const result: pg.QueryResult = await pool.query(
      `SELECT id::text AS id, user_id, event_type, ip_address, user_agent, metadata, created_at,
              created_at::text AS position
       FROM auth.security_events ${after ? 'WHERE (created_at, id) > ($2::timestamptz, $3::uuid)' : ''}
       ORDER BY created_at, id LIMIT $1`,
      after ? [BATCH, after[0], after[1]] : [BATCH],
    );
    if (result.rows.length === 0) break;
    const text = `${result.rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
    await new Promise<void>((resolve, reject) =>
      out.write(text, (error) => (error ? reject(error) : resolve())),
    );
    // The driver's Date drops microseconds: page on the text form, like the stream does.
    const last = result.rows[result.rows.length - 1] as { id: string; position: string };
    after = [last.position, last.id];
    events += result.rows.length;
  }
  out.end();
  return events;
}
