// Benchmark of @mana/auth-monitor: history file size and dashboard generation time for 90 days
// of 5-minute checks of 3 targets, with the rollup (7 days of results + daily summaries) against
// the named alternative "no rollup" (every result kept as a JSON line), in the same run.
//
// Run: pnpm bench:auth-monitor   (builds nothing: run `pnpm build` first; the CLI is timed as cron runs it)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  appendHistory,
  type History,
  type HistoryCheck,
  readHistory,
  renderDashboard,
} from '@mana/auth-monitor';
// Internal building blocks (not exported by the package), from its sources.
import {
  HISTORY_PROBLEM_LIMITS,
  shortProblem,
} from '../../packages/auth-monitor/src/history/history-entry.ts';
import { serializeHistory } from '../../packages/auth-monitor/src/history/history-file.ts';
import { rollupHistory } from '../../packages/auth-monitor/src/history/history-rollup.ts';
import { generateChecks } from '../../packages/auth-monitor/test/synthetic-history.ts';

const GOAL_MS = 1000;
const GOAL_BYTES = 5 * 1024 * 1024;
const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@mana/auth-monitor/package.json')), 'dist', 'cli-dashboard.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeRender(file: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    renderDashboard(await readHistory(file));
    times.push(performance.now() - started);
  }
  return median(times);
}

function timeCli(file: string, out: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [cli, '--history', file, '--out', out], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`mana-auth-dashboard failed: ${result.stderr}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

async function timeAppend(file: string, latest: HistoryCheck[], runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const next = latest.map((c) => ({ ...c, at: new Date(Date.parse(c.at) + i).toISOString() }));
    const started = performance.now();
    await appendHistory(file, next);
    times.push(performance.now() - started);
  }
  return median(times);
}

async function measure(name: string, history: History, dir: string) {
  const file = join(dir, `${name}.jsonl`);
  await writeFile(file, serializeHistory(history));
  const bytes = (await stat(file)).size;
  const renderMs = await timeRender(file, 7);
  const cliMs = timeCli(file, join(dir, `${name}.html`), 5);
  const html = (await stat(join(dir, `${name}.html`))).size;
  return { name, lines: history.checks.length + history.days.length, bytes, renderMs, cliMs, html };
}

/**
 * Worst case for size: every target down for the whole raw window, each result with the most
 * problem text the history keeps, all different from one result to the next.
 */
function worstCase(checks: HistoryCheck[], now: Date): History {
  const rawFrom = now.getTime() - 7 * 86_400_000;
  const { maxProblems, maxLength } = HISTORY_PROBLEM_LIMITS;
  const problems = (at: string) =>
    Array.from({ length: maxProblems }, (_, i) =>
      shortProblem('headers', `#${i} ${at} ${'x'.repeat(maxLength)}`),
    );
  const down = checks.map((c) =>
    Date.parse(c.at) >= rawFrom ? { ...c, status: 'down' as const, problems: problems(c.at) } : c,
  );
  return rollupHistory({ checks: down, days: [] }, { now });
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (pnpm build).`);
  const dir = await mkdtemp(join(tmpdir(), 'mana-bench-monitor-'));
  try {
    const now = new Date();
    const checks = generateChecks(now, 90);
    const rolled = rollupHistory({ checks, days: [] }, { now });
    const withRollup = await measure('rollup', rolled, dir);
    const noRollup = await measure('raw', { checks, days: [] }, dir);
    const worst = await measure('worst', worstCase(checks, now), dir);
    const appendMs = await timeAppend(join(dir, 'rollup.jsonl'), checks.slice(-3), 20);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
    const ms = (value: number) => `${Math.round(value)} ms`;
    const ok = (good: boolean) => (good ? 'met' : 'MISSED');
    console.log(
      `@mana/auth-monitor: ${checks.length.toLocaleString('en')} results (90 days x 288 checks/day x 3 targets), Node ${process.version}\n`,
    );
    console.log(
      '| Measurement | With rollup (7 d results + daily summaries) | No rollup (alternative: every result kept) | Goal | Goal met |',
    );
    console.log('|---|---:|---:|---:|:---:|');
    console.log(
      `| History file size | ${mb(withRollup.bytes)} (${withRollup.lines.toLocaleString('en')} lines) | ${mb(noRollup.bytes)} (${noRollup.lines.toLocaleString('en')} lines) | < 5 MB | ${ok(withRollup.bytes < GOAL_BYTES)} |`,
    );
    console.log(
      `| Dashboard generation, CLI end to end (median of 5) | ${ms(withRollup.cliMs)} | ${ms(noRollup.cliMs)} | < 1 s | ${ok(withRollup.cliMs < GOAL_MS)} |`,
    );
    console.log(
      `| Dashboard generation, read + render in process (median of 7) | ${ms(withRollup.renderMs)} | ${ms(noRollup.renderMs)} | | |`,
    );
    console.log(`| One cron run's history append, 3 results (median of 20) | ${ms(appendMs)} | | | |`);
    console.log(
      `| Worst case: all 3 targets down for 7 days, every result with ${HISTORY_PROBLEM_LIMITS.maxProblems} new ${HISTORY_PROBLEM_LIMITS.maxLength}-char problems | ${mb(worst.bytes)}, dashboard ${ms(worst.cliMs)} | | < 5 MB, < 1 s | ${ok(worst.bytes < GOAL_BYTES && worst.cliMs < GOAL_MS)} |`,
    );
    console.log(
      `| Dashboard HTML size | ${Math.round(withRollup.html / 1024)} KB | ${Math.round(noRollup.html / 1024)} KB | | |`,
    );
    if (withRollup.bytes >= GOAL_BYTES || withRollup.cliMs >= GOAL_MS) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
