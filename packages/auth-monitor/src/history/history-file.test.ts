import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MonitorError } from '../monitor-error.js';
import type { HistoryCheck } from './history-entry.js';
import { appendHistory, readHistory } from './history-file.js';

const dirs: string[] = [];
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mana-history-'));
  dirs.push(dir);
  return join(dir, 'nested', 'history.jsonl');
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function entry(at: string, target = 'eu'): HistoryCheck {
  return {
    type: 'check',
    at,
    target,
    url: 'http://127.0.0.1/api/v1/auth',
    status: 'healthy',
    ms: 12,
    checks: { health: 'pass' },
    problems: [],
  };
}

describe('history file', () => {
  it('creates the file with a header, then appends whole lines', async () => {
    const file = await tempFile();
    const now = new Date();
    const first = await appendHistory(file, [entry(now.toISOString())]);
    const second = await appendHistory(file, [entry(new Date(now.getTime() + 1000).toISOString())]);
    expect(first).toEqual({ appended: 1, rewritten: true, skippedLines: 0 });
    expect(second).toEqual({ appended: 1, rewritten: false, skippedLines: 0 });
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ type: 'header', format: 'mana-auth-monitor/history', version: 1 });
    expect(lines.slice(1).map((l) => l.type)).toEqual(['check', 'check']);
  });

  it('rolls old results up when appending and rewrites the file', async () => {
    const file = await tempFile();
    const now = new Date('2025-03-10T12:00:00Z');
    await appendHistory(file, [entry('2025-02-01T10:00:00.000Z'), entry('2025-02-01T10:05:00.000Z')], {
      now,
      rawDays: 7,
    });
    const result = await appendHistory(file, [entry('2025-03-10T11:55:00.000Z')], { now, rawDays: 7 });
    const history = await readHistory(file);
    expect(history.days).toHaveLength(1);
    expect(history.days[0]).toMatchObject({ date: '2025-02-01', total: 2, healthy: 2 });
    expect(history.checks.map((c) => c.at)).toEqual(['2025-03-10T11:55:00.000Z']);
    expect(result.rewritten).toBe(false);
  });

  it('loses nothing when many processes append at once', async () => {
    const file = await tempFile();
    const base = Date.now();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        appendHistory(file, [entry(new Date(base + i * 1000).toISOString(), `t${i % 4}`)]),
      ),
    );
    const history = await readHistory(file);
    expect(history.checks).toHaveLength(40);
    expect(history.skippedLines).toBe(0);
  });

  it('repairs a line cut by a crash and never overwrites a file that is not a history', async () => {
    const file = await tempFile();
    await appendHistory(file, [entry(new Date().toISOString())]);
    await writeFile(file, `${await readFile(file, 'utf8')}{"type":"check","at":"2025`, { flag: 'w' });
    expect((await readHistory(file)).skippedLines).toBe(1);
    const repaired = await appendHistory(file, [entry(new Date().toISOString())]);
    expect(repaired).toMatchObject({ rewritten: true, skippedLines: 1 });
    expect((await readHistory(file)).skippedLines).toBe(0);

    const other = join(dirs[dirs.length - 1]!, 'notes.txt');
    await writeFile(other, 'my important notes\n');
    await expect(appendHistory(other, [entry(new Date().toISOString())])).rejects.toThrow(
      /is not a mana-auth-monitor history file/,
    );
    expect(await readFile(other, 'utf8')).toBe('my important notes\n');
  });

  it('stores repeated problems once per run of identical results and reads them back in full', async () => {
    const file = await tempFile();
    const down = (at: string, problems: string[]) => ({ ...entry(at), status: 'down' as const, problems });
    const base = Date.now();
    const at = (i: number) => new Date(base + i * 1000).toISOString();
    await appendHistory(file, [down(at(0), ['health: refused']), down(at(1), ['health: refused'])]);
    await appendHistory(file, [down(at(2), ['health: refused'])]);
    await appendHistory(file, [down(at(3), ['jwks: empty']), entry(at(4))]);
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.sameProblems === true)).toEqual([false, true, true, false, false]);
    expect(lines[1].problems).toBeUndefined();
    const history = await readHistory(file);
    expect(history.checks.map((c) => c.problems)).toEqual([
      ['health: refused'],
      ['health: refused'],
      ['health: refused'],
      ['jwks: empty'],
      [],
    ]);
  });

  it('explains a missing file when reading', async () => {
    const error = await readHistory('/nonexistent/history.jsonl').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MonitorError);
    expect((error as MonitorError).code).toBe('HISTORY_IO');
    expect((error as Error).message).toContain('does not exist yet; run "mana-auth-health --history');
  });
});
