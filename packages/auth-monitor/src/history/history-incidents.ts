import type { TargetHealth } from '../checks/check-result.js';
import type { HistoryCheck, HistoryDay } from './history-entry.js';

/**
 * A period in which a target was not healthy, long enough to count: it opens after
 * `openAfter` non-healthy results in a row and closes after `closeAfter` healthy results in a
 * row, so that one blip is not an outage. Incidents older than the raw history come from daily
 * summaries and are marked `approximate`.
 *
 * @example
 * ```ts
 * import type { Incident } from './history-incidents.js';
 * const incident: Incident = {
 *   target: 'eu-1', severity: 'down', start: '2025-01-03T10:05:00.000Z', end: '2025-01-03T10:25:00.000Z',
 *   results: 4, problems: ['health: GET /api/v1/auth/health returned 502 Bad Gateway, expected 200.'], approximate: false,
 * };
 * ```
 */
export interface Incident {
  target: string;
  /** Worst state seen during the incident. */
  severity: Exclude<TargetHealth, 'healthy'>;
  /** First non-healthy result (ISO 8601), or the day (`YYYY-MM-DD`) when approximate. */
  start: string;
  /** First healthy result that closed it; `null` while it is still open. */
  end: string | null;
  /** Non-healthy results during the incident. */
  results: number;
  /** Distinct problems, most frequent first (at most 3). */
  problems: string[];
  /** True for incidents reconstructed from a daily summary (no exact times). */
  approximate: boolean;
}

/**
 * Thresholds of {@link findIncidents}.
 *
 * @example
 * ```ts
 * import type { IncidentThresholds } from './history-incidents.js';
 * const thresholds: IncidentThresholds = { openAfter: 2, closeAfter: 2 };
 * ```
 */
export interface IncidentThresholds {
  /** Non-healthy results in a row that open an incident. Default 2. */
  openAfter?: number;
  /** Healthy results in a row that close it. Default 2. */
  closeAfter?: number;
}

/**
 * Derives incidents for one target, newest first, from its results (oldest first) and its daily
 * summaries.
 *
 * @example
 * ```ts
 * import { findIncidents } from './history-incidents.js';
 * import { readHistory } from '@mana/auth-monitor';
 * const history = await readHistory('history.jsonl');
 * const incidents = findIncidents(
 *   history.checks.filter((c) => c.target === 'eu-1'),
 *   history.days.filter((d) => d.target === 'eu-1'),
 *   { openAfter: 2, closeAfter: 2 },
 * );
 * ```
 */
export function findIncidents(
  checks: readonly HistoryCheck[],
  days: readonly HistoryDay[],
  thresholds: IncidentThresholds = {},
): Incident[] {
  const openAfter = thresholds.openAfter ?? 2;
  const closeAfter = thresholds.closeAfter ?? 2;
  const incidents: Incident[] = [];
  for (const day of days) {
    const bad = day.down + day.degraded;
    if (bad < openAfter) continue;
    incidents.push({
      target: day.target,
      severity: day.down > 0 ? 'down' : 'degraded',
      start: day.date,
      end: day.date,
      results: bad,
      problems: day.problems.slice(0, 3).map((p) => p.message),
      approximate: true,
    });
  }
  incidents.push(...fromResults(checks, openAfter, closeAfter));
  return incidents.sort((a, b) => b.start.localeCompare(a.start));
}

function fromResults(checks: readonly HistoryCheck[], openAfter: number, closeAfter: number): Incident[] {
  const found: Incident[] = [];
  let streak: HistoryCheck[] = [];
  let open: { incident: Incident; problems: Map<string, number> } | null = null;
  let healthyRun = 0;
  for (const check of checks) {
    if (check.status === 'healthy') {
      streak = [];
      if (open && ++healthyRun === 1) open.incident.end = check.at;
      if (open && healthyRun >= closeAfter) {
        found.push(finish(open));
        open = null;
      }
      continue;
    }
    healthyRun = 0;
    if (open) {
      open.incident.end = null;
      add(open, check);
      continue;
    }
    streak.push(check);
    if (streak.length >= openAfter) {
      open = {
        incident: {
          target: check.target,
          severity: 'degraded',
          start: streak[0]!.at,
          end: null,
          results: 0,
          problems: [],
          approximate: false,
        },
        problems: new Map(),
      };
      for (const result of streak) add(open, result);
      streak = [];
    }
  }
  if (open) found.push(finish(open));
  return found;
}

function add(open: { incident: Incident; problems: Map<string, number> }, check: HistoryCheck): void {
  open.incident.results++;
  if (check.status === 'down') open.incident.severity = 'down';
  for (const problem of check.problems) open.problems.set(problem, (open.problems.get(problem) ?? 0) + 1);
}

function finish(open: { incident: Incident; problems: Map<string, number> }): Incident {
  const problems = [...open.problems]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([message]) => message);
  return { ...open.incident, problems };
}
