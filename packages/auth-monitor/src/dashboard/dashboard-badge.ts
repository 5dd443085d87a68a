import type { TargetSummary } from '../history/history-summary.js';

/**
 * A badge in the shields.io "endpoint" format
 * (`https://img.shields.io/endpoint?url=<where you serve the JSON>`).
 *
 * @example
 * ```ts
 * import type { StatusBadge } from './dashboard-badge.js';
 * const badge: StatusBadge = { schemaVersion: 1, label: 'auth eu-1', message: 'healthy · 99.98%', color: 'brightgreen', cacheSeconds: 300 };
 * ```
 */
export interface StatusBadge {
  schemaVersion: 1;
  label: string;
  message: string;
  color: 'brightgreen' | 'yellow' | 'red' | 'lightgrey';
  cacheSeconds: number;
}

const COLORS = { healthy: 'brightgreen', degraded: 'yellow', down: 'red', unknown: 'lightgrey' } as const;

/**
 * Builds the badge JSON of one target: its current state (or `stale`) and 30-day uptime.
 *
 * @example
 * ```ts
 * import { readHistory } from '@mana/auth-monitor';
 * import { statusBadge } from './dashboard-badge.js';
 * import { summarizeHistory } from '../history/history-summary.js';
 * const [target] = summarizeHistory(await readHistory('history.jsonl'));
 * console.log(JSON.stringify(statusBadge(target!)));
 * ```
 */
export function statusBadge(target: TargetSummary): StatusBadge {
  const uptime = target.uptime['30d'];
  const share =
    uptime === null ? '' : ` · ${uptime >= 1 ? '100' : (Math.floor(uptime * 10_000) / 100).toFixed(2)}%`;
  const state = target.stale ? 'stale' : target.state === 'unknown' ? 'no data' : target.state;
  return {
    schemaVersion: 1,
    label: `auth ${target.name}`,
    message: `${state}${share}`,
    color: target.stale ? 'lightgrey' : COLORS[target.state],
    cacheSeconds: 300,
  };
}

/**
 * File name for a target's badge: the name reduced to `[a-z0-9-]`, plus `.json`.
 *
 * @example
 * ```ts
 * import { badgeFileName } from './dashboard-badge.js';
 * badgeFileName('EU 1 (prod)'); // 'eu-1-prod.json'
 * ```
 */
export function badgeFileName(target: string): string {
  const slug = target
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'target'}.json`;
}
