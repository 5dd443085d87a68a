import { CHECK_NAMES, type CheckName, type CheckStatus, type TargetHealth } from '../checks/check-result.js';
import type { HistoryCheck, HistoryDay } from './history-entry.js';

const TARGET_HEALTH: readonly TargetHealth[] = ['healthy', 'degraded', 'down'];
const CHECK_STATUSES: readonly CheckStatus[] = ['pass', 'warn', 'fail', 'skip'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A result line as stored, before its `sameProblems` shorthand is expanded: a
 * {@link HistoryCheck} whose `problems` may be replaced by `sameProblems: true`.
 *
 * @example
 * ```ts
 * import type { StoredCheck } from './history-validate.js';
 * const stored: StoredCheck = { type: 'check', at: '2025-01-01T12:00:00.000Z', target: 'eu', url: 'https://a/api/v1/auth', status: 'down', ms: null, checks: { health: 'fail' }, problems: [], sameProblems: true };
 * ```
 */
export interface StoredCheck extends HistoryCheck {
  /** The problems are those of the target's previous result. */
  sameProblems?: true;
}

/**
 * Validates one parsed `check` line of a history file field by field: the enums (`status`, each
 * check name and check status) must be known values, times and numbers well-formed, texts
 * strings. Unknown keys are dropped. A line that fails is rejected (`null`) and never reaches the
 * dashboard, which counts it as an unreadable line.
 *
 * @example
 * ```ts
 * import { validateCheckEntry } from './history-validate.js';
 * validateCheckEntry({ type: 'check', at: '2025-01-01T12:00:00.000Z', target: 'eu', url: 'https://a', status: '<script>', ms: null, checks: {}, problems: [] }); // null
 * ```
 */
export function validateCheckEntry(entry: Record<string, unknown>): StoredCheck | null {
  const { at, target, url, status, ms, checks, problems, sameProblems, keys, tlsDays } = entry;
  if (entry.type !== 'check' || !isTime(at) || !isText(target) || !isText(url)) return null;
  if (!isOneOf(status, TARGET_HEALTH) || !(ms === null || isCount(ms, false))) return null;
  const checkMap = validateChecks(checks);
  const same = sameProblems === true;
  if (checkMap === null || !(isTextList(problems) || (same && problems === undefined))) return null;
  if ((keys !== undefined && !isCount(keys, true)) || (tlsDays !== undefined && !Number.isInteger(tlsDays)))
    return null;
  const valid: StoredCheck = { type: 'check', at, target, url, status, ms, checks: checkMap, problems: [] };
  if (isTextList(problems)) valid.problems = problems;
  if (same) valid.sameProblems = true;
  if (keys !== undefined) valid.keys = keys as number;
  if (tlsDays !== undefined) valid.tlsDays = tlsDays as number;
  return valid;
}

/**
 * Validates one parsed `day` line (a daily summary) of a history file; `null` when any field is
 * missing or malformed. Unknown keys are dropped.
 *
 * @example
 * ```ts
 * import { validateDayEntry } from './history-validate.js';
 * validateDayEntry({ type: 'day', date: '2025-01-01', target: 'eu', url: 'https://a', total: 1, healthy: 1, degraded: 0, down: 0, ms: null, problems: [] });
 * ```
 */
export function validateDayEntry(entry: Record<string, unknown>): HistoryDay | null {
  const { date, target, url, total, healthy, degraded, down, ms, problems } = entry;
  if (entry.type !== 'day' || typeof date !== 'string' || !DATE.test(date)) return null;
  if (!isText(target) || !isText(url)) return null;
  const counts = [total, healthy, degraded, down];
  if (!counts.every((n) => isCount(n, true))) return null;
  const stats = validateStats(ms);
  if (stats === undefined || !Array.isArray(problems)) return null;
  const dayProblems: HistoryDay['problems'] = [];
  for (const problem of problems as unknown[]) {
    const { message, count } = (problem ?? {}) as Record<string, unknown>;
    if (!isText(message) || !isCount(count, true)) return null;
    dayProblems.push({ message, count });
  }
  return {
    type: 'day',
    date,
    target,
    url,
    total: total as number,
    healthy: healthy as number,
    degraded: degraded as number,
    down: down as number,
    ms: stats,
    problems: dayProblems,
  };
}

function validateChecks(value: unknown): Partial<Record<CheckName, CheckStatus>> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const checks: Partial<Record<CheckName, CheckStatus>> = {};
  for (const [name, status] of Object.entries(value)) {
    if (!isOneOf(name, CHECK_NAMES) || !isOneOf(status, CHECK_STATUSES)) return null;
    checks[name] = status;
  }
  return checks;
}

function validateStats(value: unknown): HistoryDay['ms'] | undefined {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { n, min, p50, avg, p95, max } = value as Record<string, unknown>;
  const figures = [n, min, p50, avg, p95, max];
  if (!figures.every((figure) => isCount(figure, false))) return undefined;
  return { n, min, p50, avg, p95, max } as NonNullable<HistoryDay['ms']>;
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isText);
}

function isTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

function isCount(value: unknown, whole: boolean): value is number {
  return (
    typeof value === 'number' && Number.isFinite(value) && value >= 0 && (!whole || Number.isInteger(value))
  );
}
