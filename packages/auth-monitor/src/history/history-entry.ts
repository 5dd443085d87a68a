import type { CheckName, CheckStatus, TargetHealth } from '../checks/check-result.js';
import type { RunReport } from '../checks/run-checks.js';

/**
 * One stored result: one target, one run. Kept for `rawDays`, then folded into a
 * {@link HistoryDay}.
 *
 * @example
 * ```ts
 * import type { HistoryCheck } from '@mana/auth-monitor';
 * const entry: HistoryCheck = {
 *   type: 'check', at: '2025-01-01T12:00:00.000Z', target: 'eu-1',
 *   url: 'https://auth.example.com/api/v1/auth', status: 'healthy', ms: 14,
 *   checks: { health: 'pass', jwks: 'pass', headers: 'pass', latency: 'pass', tls: 'pass' },
 *   problems: [], keys: 1, tlsDays: 61,
 * };
 * ```
 */
export interface HistoryCheck {
  type: 'check';
  /** When the check ran (ISO 8601, UTC). */
  at: string;
  target: string;
  url: string;
  status: TargetHealth;
  /** Slowest response in milliseconds, `null` when nothing answered. */
  ms: number | null;
  /** Status of each check. */
  checks: Partial<Record<CheckName, CheckStatus>>;
  /** Problems found, shortened (see {@link HISTORY_PROBLEM_LIMITS}). */
  problems: string[];
  /** Number of keys the JWKS published, when it answered. */
  keys?: number;
  /** Days until the TLS certificate expires (https targets). */
  tlsDays?: number;
}

/**
 * Daily summary of one target's results for one UTC day, produced by the rollup.
 *
 * @example
 * ```ts
 * import type { HistoryDay } from './history-entry.js';
 * const day: HistoryDay = {
 *   type: 'day', date: '2025-01-01', target: 'eu-1', url: 'https://auth.example.com/api/v1/auth',
 *   total: 288, healthy: 287, degraded: 0, down: 1,
 *   ms: { n: 287, min: 9, p50: 13, avg: 14.2, p95: 22, max: 180 },
 *   problems: [{ message: 'GET /api/v1/auth/health returned 502 Bad Gateway, expected 200.', count: 1 }],
 * };
 * ```
 */
export interface HistoryDay {
  type: 'day';
  /** UTC date, `YYYY-MM-DD`. */
  date: string;
  target: string;
  url: string;
  /** Number of results that day, and how many of them were healthy, degraded and down. */
  total: number;
  healthy: number;
  degraded: number;
  down: number;
  /** Response-time statistics over the results that had one; `null` when none did. */
  ms: { n: number; min: number; p50: number; avg: number; p95: number; max: number } | null;
  /** Most frequent problems of the day (at most 5). */
  problems: { message: string; count: number }[];
}

/**
 * A whole history: individual results (oldest first) and daily summaries (by date, then target).
 *
 * @example
 * ```ts
 * import { readHistory, type History } from '@mana/auth-monitor';
 * const history: History = await readHistory('history.jsonl');
 * console.log(history.checks.length, history.days.length);
 * ```
 */
export interface History {
  checks: HistoryCheck[];
  days: HistoryDay[];
}

/**
 * How much problem text one stored result keeps: at most `maxProblems` problems, each cut to its
 * first clause (what was wrong; the fix is in the CLI output) and to `maxLength` characters. This
 * bounds the history file even through a week-long outage.
 *
 * @example
 * ```ts
 * import { HISTORY_PROBLEM_LIMITS } from './history-entry.js';
 * console.log(HISTORY_PROBLEM_LIMITS.maxProblems); // 3
 * ```
 */
export const HISTORY_PROBLEM_LIMITS = Object.freeze({ maxProblems: 3, maxLength: 160 });

/**
 * Shortens one problem for the history: `"<check>: "` plus its first clause, at most
 * {@link HISTORY_PROBLEM_LIMITS}`.maxLength` characters.
 *
 * @example
 * ```ts
 * import { shortProblem } from './history-entry.js';
 * shortProblem('headers', 'X-Frame-Options is missing on /health; send "X-Frame-Options: DENY" on every response.');
 * // 'headers: X-Frame-Options is missing on /health'
 * ```
 */
export function shortProblem(check: CheckName, problem: string): string {
  const clause = problem.split(/; |\. (?=[A-Z])/)[0] ?? problem;
  const text = `${check}: ${clause.replace(/\.$/, '')}`;
  const max = HISTORY_PROBLEM_LIMITS.maxLength;
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * Turns a run report into history entries, one per target.
 *
 * @example
 * ```ts
 * import { runChecks, toHistoryChecks } from '@mana/auth-monitor';
 * const entries = toHistoryChecks(await runChecks([{ baseUrl: 'http://localhost:3001/api/v1/auth' }]));
 * ```
 */
export function toHistoryChecks(report: RunReport): HistoryCheck[] {
  return report.targets.map((target) => {
    const checks: Partial<Record<CheckName, CheckStatus>> = {};
    for (const check of target.checks) checks[check.name] = check.status;
    const problems = target.checks
      .flatMap((c) => c.problems.map((p) => shortProblem(c.name, p)))
      .slice(0, HISTORY_PROBLEM_LIMITS.maxProblems);
    const entry: HistoryCheck = {
      type: 'check',
      at: target.checkedAt,
      target: target.name,
      url: target.baseUrl,
      status: target.status,
      ms: target.responseMs,
      checks,
      problems,
    };
    const keys = target.checks.find((c) => c.name === 'jwks')?.details?.keys;
    if (Array.isArray(keys)) entry.keys = keys.length;
    const tlsDays = target.checks.find((c) => c.name === 'tls')?.details?.daysLeft;
    if (typeof tlsDays === 'number') entry.tlsDays = tlsDays;
    return entry;
  });
}
