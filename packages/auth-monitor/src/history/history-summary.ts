import type { TargetHealth } from '../checks/check-result.js';
import type { History, HistoryCheck, HistoryDay } from './history-entry.js';
import { findIncidents, type Incident, type IncidentThresholds } from './history-incidents.js';
import { percentile } from './history-rollup.js';

/**
 * Options of {@link summarizeHistory} (and of the dashboard, which passes them through).
 *
 * @example
 * ```ts
 * import type { SummaryOptions } from './history-summary.js';
 * const options: SummaryOptions = { days: 90, staleAfterMinutes: 15, openAfter: 2, closeAfter: 2 };
 * ```
 */
export interface SummaryOptions extends IncidentThresholds {
  /** Clock. Default: now. */
  now?: Date;
  /** Days in the daily status strip. Default 90. */
  days?: number;
  /** Data older than this is stale (the cron job may have stopped). Default 15. */
  staleAfterMinutes?: number;
  /** Rows in the last-results table. Default 10. */
  recentResults?: number;
}

/**
 * One day of the status strip.
 *
 * @example
 * ```ts
 * import type { DayCell } from './history-summary.js';
 * const cell: DayCell = { date: '2025-01-01', total: 288, healthy: 288, degraded: 0, down: 0, uptime: 1 };
 * ```
 */
export interface DayCell {
  date: string;
  total: number;
  healthy: number;
  degraded: number;
  down: number;
  /** Share of results that were not down (0..1), `null` without data. */
  uptime: number | null;
}

/**
 * One hourly point of the latency chart.
 *
 * @example
 * ```ts
 * import type { LatencyPoint } from './history-summary.js';
 * const point: LatencyPoint = { at: '2025-01-01T10:00:00.000Z', p50: 12, p95: 30 };
 * ```
 */
export interface LatencyPoint {
  /** Start of the hour. */
  at: string;
  p50: number;
  p95: number;
}

/**
 * Uptime windows shown on the dashboard.
 *
 * @example
 * ```ts
 * import type { UptimeWindow } from './history-summary.js';
 * const window: UptimeWindow = '30d';
 * ```
 */
export type UptimeWindow = '24h' | '7d' | '30d' | '90d';

/**
 * Everything the dashboard shows about one target.
 *
 * @example
 * ```ts
 * import { readHistory } from '@mana/auth-monitor';
 * import { summarizeHistory } from './history-summary.js';
 * const [first] = summarizeHistory(await readHistory('history.jsonl'));
 * console.log(first?.name, first?.uptime['30d']);
 * ```
 */
export interface TargetSummary {
  name: string;
  url: string;
  /** Status of the latest result, `unknown` without results. */
  state: TargetHealth | 'unknown';
  /** True when the latest result is older than `staleAfterMinutes`. */
  stale: boolean;
  latest: HistoryCheck | null;
  /**
   * Share of results not down, per window; `null` without data in the window. `24h` is a rolling
   * window; `7d`, `30d` and `90d` cover that many UTC calendar days, today included.
   */
  uptime: Record<UptimeWindow, number | null>;
  /** Response-time percentiles over the last 24 hours. */
  latency24h: { p50: number; p95: number } | null;
  /** Hourly p50/p95 over the last 7 days, oldest first (hours without data are left out). */
  chart: LatencyPoint[];
  /** Daily cells, oldest first, `days` long. */
  strip: DayCell[];
  /** Newest first. */
  incidents: Incident[];
  /** Latest results, newest first. */
  recent: HistoryCheck[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CALENDAR_DAYS: Record<Exclude<UptimeWindow, '24h'>, number> = { '7d': 7, '30d': 30, '90d': 90 };

/**
 * Computes per-target figures for the dashboard: uptime windows, latency, the daily strip,
 * incidents and the latest results. Targets are ordered by name.
 *
 * @example
 * ```ts
 * import { readHistory } from '@mana/auth-monitor';
 * import { summarizeHistory } from './history-summary.js';
 * for (const target of summarizeHistory(await readHistory('history.jsonl'), { days: 30 })) {
 *   console.log(target.name, target.state, target.uptime['24h']);
 * }
 * ```
 */
export function summarizeHistory(history: History, options: SummaryOptions = {}): TargetSummary[] {
  const names = new Set([...history.days.map((d) => d.target), ...history.checks.map((c) => c.target)]);
  return [...names].sort().map((name) =>
    summarizeTarget(
      history.checks.filter((c) => c.target === name),
      history.days.filter((d) => d.target === name),
      options,
    ),
  );
}

function summarizeTarget(checks: HistoryCheck[], days: HistoryDay[], options: SummaryOptions): TargetSummary {
  const now = (options.now ?? new Date()).getTime();
  const latest = checks[checks.length - 1] ?? null;
  const name = latest?.target ?? days[0]!.target;
  const uptime: Record<UptimeWindow, number | null> = {
    '24h': uptimeSince(checks, now - DAY_MS),
    '7d': null,
    '30d': null,
    '90d': null,
  };
  for (const [window, count] of Object.entries(CALENDAR_DAYS) as [UptimeWindow, number][]) {
    uptime[window] = uptimeSinceDay(
      checks,
      days,
      new Date(now - (count - 1) * DAY_MS).toISOString().slice(0, 10),
    );
  }
  const last24 = checks
    .filter((c) => Date.parse(c.at) >= now - DAY_MS && c.ms !== null)
    .map((c) => c.ms as number);
  last24.sort((a, b) => a - b);
  return {
    name,
    url: latest?.url ?? days[days.length - 1]!.url,
    state: latest?.status ?? 'unknown',
    stale: latest === null || now - Date.parse(latest.at) > (options.staleAfterMinutes ?? 15) * 60_000,
    latest,
    uptime,
    latency24h: last24.length ? { p50: percentile(last24, 0.5), p95: percentile(last24, 0.95) } : null,
    chart: hourlyLatency(checks, now - 7 * DAY_MS),
    strip: dailyStrip(checks, days, now, options.days ?? 90),
    incidents: findIncidents(checks, days, options),
    recent: checks.slice(-(options.recentResults ?? 10)).reverse(),
  };
}

function uptimeSince(checks: readonly HistoryCheck[], since: number): number | null {
  let total = 0;
  let down = 0;
  for (const check of checks) {
    if (Date.parse(check.at) < since) continue;
    total++;
    if (check.status === 'down') down++;
  }
  return total === 0 ? null : (total - down) / total;
}

function uptimeSinceDay(
  checks: readonly HistoryCheck[],
  days: readonly HistoryDay[],
  sinceDay: string,
): number | null {
  let total = 0;
  let down = 0;
  for (const day of days) {
    if (day.date < sinceDay) continue;
    total += day.total;
    down += day.down;
  }
  for (const check of checks) {
    if (check.at.slice(0, 10) < sinceDay) continue;
    total++;
    if (check.status === 'down') down++;
  }
  return total === 0 ? null : (total - down) / total;
}

function hourlyLatency(checks: readonly HistoryCheck[], since: number): LatencyPoint[] {
  const buckets = new Map<number, number[]>();
  for (const check of checks) {
    const at = Date.parse(check.at);
    if (at < since || check.ms === null) continue;
    const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
    const bucket = buckets.get(hour);
    if (bucket) bucket.push(check.ms);
    else buckets.set(hour, [check.ms]);
  }
  return [...buckets]
    .sort((a, b) => a[0] - b[0])
    .map(([hour, values]) => {
      values.sort((a, b) => a - b);
      return {
        at: new Date(hour).toISOString(),
        p50: percentile(values, 0.5),
        p95: percentile(values, 0.95),
      };
    });
}

function dailyStrip(
  checks: readonly HistoryCheck[],
  days: readonly HistoryDay[],
  now: number,
  count: number,
): DayCell[] {
  const cells = new Map<string, DayCell>();
  const cell = (date: string) => {
    const found = cells.get(date);
    if (found) return found;
    const created: DayCell = { date, total: 0, healthy: 0, degraded: 0, down: 0, uptime: null };
    cells.set(date, created);
    return created;
  };
  for (const day of days) {
    const c = cell(day.date);
    c.total += day.total;
    c.healthy += day.healthy;
    c.degraded += day.degraded;
    c.down += day.down;
  }
  for (const check of checks) {
    const c = cell(check.at.slice(0, 10));
    c.total++;
    c[check.status]++;
  }
  const strip: DayCell[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const date = new Date(now - i * DAY_MS).toISOString().slice(0, 10);
    const c = cells.get(date) ?? { date, total: 0, healthy: 0, degraded: 0, down: 0, uptime: null };
    strip.push({ ...c, uptime: c.total ? (c.total - c.down) / c.total : null });
  }
  return strip;
}
