import type { History, HistoryCheck, HistoryDay } from './history-entry.js';

/**
 * Retention settings of the history file.
 *
 * @example
 * ```ts
 * import type { RetentionOptions } from './history-rollup.js';
 * const retention: RetentionOptions = { rawDays: 7, keepDays: 400 };
 * ```
 */
export interface RetentionOptions {
  /** Keep individual results for this many days (the current UTC day counts as day 1). Default 7. */
  rawDays?: number;
  /** Keep daily summaries for this many days. Default 400. */
  keepDays?: number;
  /** Clock, for tests and benchmarks. Default: now. */
  now?: Date;
}

/**
 * Default retention: 7 days of individual results, 400 days of daily summaries. With checks every
 * 5 minutes this bounds the file to about 2 016 results per target plus one line per day.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETENTION } from './history-rollup.js';
 * console.log(DEFAULT_RETENTION.rawDays); // 7
 * ```
 */
export const DEFAULT_RETENTION = Object.freeze({ rawDays: 7, keepDays: 400 });

const DAY_MS = 86_400_000;

/** UTC day of a timestamp, `YYYY-MM-DD`. */
function dayOf(at: string | number | Date): string {
  return new Date(at).toISOString().slice(0, 10);
}

function cutoffs(options: RetentionOptions): { raw: string; keep: string } {
  const now = (options.now ?? new Date()).getTime();
  const rawDays = options.rawDays ?? DEFAULT_RETENTION.rawDays;
  const keepDays = options.keepDays ?? DEFAULT_RETENTION.keepDays;
  return { raw: dayOf(now - (rawDays - 1) * DAY_MS), keep: dayOf(now - (keepDays - 1) * DAY_MS) };
}

/**
 * True when {@link rollupHistory} would change something: a result older than `rawDays`, or a
 * daily summary older than `keepDays`.
 *
 * @example
 * ```ts
 * import { needsRollup } from './history-rollup.js';
 * import { readHistory } from '@mana/auth-monitor';
 * console.log(needsRollup(await readHistory('history.jsonl'), { rawDays: 7 }));
 * ```
 */
export function needsRollup(history: History, options: RetentionOptions = {}): boolean {
  const { raw, keep } = cutoffs(options);
  return history.checks.some((c) => dayOf(c.at) < raw) || history.days.some((d) => d.date < keep);
}

/**
 * Folds individual results older than `rawDays` into one {@link HistoryDay} per target and UTC
 * day (counts, response-time min/avg/p95/max, most frequent problems) and drops summaries older
 * than `keepDays`. Results that arrive for a day that already has a summary are merged into it
 * (the merged p50 is the weighted mean of the two and the merged p95 the larger, estimates). Pure.
 *
 * @example
 * ```ts
 * import { readHistory } from '@mana/auth-monitor';
 * import { rollupHistory } from './history-rollup.js';
 * const compact = rollupHistory(await readHistory('history.jsonl'), { rawDays: 7, keepDays: 400 });
 * ```
 */
export function rollupHistory(history: History, options: RetentionOptions = {}): History {
  const { raw, keep } = cutoffs(options);
  const days = new Map<string, HistoryDay>();
  for (const day of history.days) if (day.date >= keep) days.set(`${day.target}\n${day.date}`, day);
  const groups = new Map<string, HistoryCheck[]>();
  const checks: HistoryCheck[] = [];
  for (const check of history.checks) {
    const date = dayOf(check.at);
    if (date >= raw) checks.push(check);
    else if (date >= keep) {
      const key = `${check.target}\n${date}`;
      const group = groups.get(key);
      if (group) group.push(check);
      else groups.set(key, [check]);
    }
  }
  for (const [key, group] of groups) {
    const summary = summarizeDay(group);
    const existing = days.get(key);
    days.set(key, existing ? mergeDays(existing, summary) : summary);
  }
  return {
    checks: checks.sort((a, b) => a.at.localeCompare(b.at)),
    days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date) || a.target.localeCompare(b.target)),
  };
}

/**
 * Summarises the results of one target for one day.
 *
 * @example
 * ```ts
 * import { summarizeDay } from './history-rollup.js';
 * const day = summarizeDay(history.checks.filter((c) => c.target === 'eu-1' && c.at.startsWith('2025-01-01')));
 * ```
 */
export function summarizeDay(checks: readonly HistoryCheck[]): HistoryDay {
  const first = checks[0];
  if (!first) throw new RangeError('summarizeDay needs at least one result');
  const counts = { healthy: 0, degraded: 0, down: 0 };
  const problems = new Map<string, number>();
  const times: number[] = [];
  for (const check of checks) {
    counts[check.status]++;
    if (check.ms !== null) times.push(check.ms);
    for (const problem of check.problems) problems.set(problem, (problems.get(problem) ?? 0) + 1);
  }
  times.sort((a, b) => a - b);
  const sum = times.reduce((a, b) => a + b, 0);
  return {
    type: 'day',
    date: dayOf(first.at),
    target: first.target,
    url: checks[checks.length - 1]!.url,
    total: checks.length,
    ...counts,
    ms: times.length
      ? {
          n: times.length,
          min: times[0]!,
          p50: percentile(times, 0.5),
          avg: round(sum / times.length),
          p95: percentile(times, 0.95),
          max: times[times.length - 1]!,
        }
      : null,
    problems: topProblems(problems),
  };
}

function mergeDays(a: HistoryDay, b: HistoryDay): HistoryDay {
  const problems = new Map<string, number>();
  for (const p of [...a.problems, ...b.problems])
    problems.set(p.message, (problems.get(p.message) ?? 0) + p.count);
  let ms = a.ms ?? b.ms;
  if (a.ms && b.ms) {
    const n = a.ms.n + b.ms.n;
    ms = {
      n,
      min: Math.min(a.ms.min, b.ms.min),
      p50: round((a.ms.p50 * a.ms.n + b.ms.p50 * b.ms.n) / n),
      avg: round((a.ms.avg * a.ms.n + b.ms.avg * b.ms.n) / n),
      p95: Math.max(a.ms.p95, b.ms.p95),
      max: Math.max(a.ms.max, b.ms.max),
    };
  }
  const total = a.total + b.total;
  const counts = { healthy: a.healthy + b.healthy, degraded: a.degraded + b.degraded, down: a.down + b.down };
  return { ...a, url: b.url, total, ...counts, ms, problems: topProblems(problems) };
}

function topProblems(counts: Map<string, number>): { message: string; count: number }[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([message, count]) => ({ message, count }));
}

/**
 * Nearest-rank percentile of an ascending list.
 *
 * @example
 * ```ts
 * import { percentile } from './history-rollup.js';
 * percentile([1, 2, 3, 4, 100], 0.95); // 100
 * ```
 */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1]!;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
