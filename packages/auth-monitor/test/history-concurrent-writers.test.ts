// Several cron runs writing one history file at the same moment, as separate processes, with
// rollups (atomic rewrites) and appends interleaved: no line is lost, torn or duplicated.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../src/history/history-file.js';
import { assertBuilt, PACKAGE_DIR, runProcess } from './run-cli.js';

const WRITERS = 6;
const BATCHES = 5;
const DAY = 86_400_000;
let dir: string;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'mana-history-writers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One writer process: BATCHES appends, each with a recent result and one old enough to roll up. */
function writerScript(file: string, writer: number): string {
  const entry = `(at, n) => ({ type: 'check', at, target: 'w${writer}-' + n, url: 'http://127.0.0.1/api/v1/auth', status: 'healthy', ms: 5, checks: { health: 'pass' }, problems: [] })`;
  return `
    import { appendHistory } from ${JSON.stringify(pathToFileURL(join(PACKAGE_DIR, 'dist', 'index.js')).href)};
    const entry = ${entry};
    for (let n = 0; n < ${BATCHES}; n++) {
      const now = Date.now();
      await appendHistory(${JSON.stringify(file)}, [entry(new Date(now - 3 * ${DAY}).toISOString(), n), entry(new Date(now - 60000).toISOString(), n)], { rawDays: 2, lock: { waitMs: 30000 } });
    }`;
}

describe('history file under concurrent writers', () => {
  it('keeps every result of every process, with no unreadable line and no leftover file', async () => {
    const file = join(dir, 'history.jsonl');
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        runProcess(process.execPath, ['--input-type=module', '-e', writerScript(file, writer)], {}, 60_000),
      ),
    );
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });
    const history = await readHistory(file);
    expect(history.skippedLines).toBe(0);
    // The recent results stay individual, one per (writer, batch) ...
    const recent = history.checks.map((c) => c.target).sort();
    const expected = Array.from({ length: WRITERS }, (_, w) =>
      Array.from({ length: BATCHES }, (_, n) => `w${w}-${n}`),
    ).flat();
    expect(recent).toEqual(expected.sort());
    // ... and every old one was folded into exactly one daily summary.
    const rolled = history.days.reduce((sum, day) => sum + day.total, 0);
    expect(rolled).toBe(WRITERS * BATCHES);
    expect((await readdir(dir)).sort()).toEqual(['history.jsonl']);
  }, 90_000);
});
