import type { DayCell, LatencyPoint } from '../history/history-summary.js';
import { escapeHtml } from './html-escape.js';

/**
 * Colour class of one day: `none` (no data), `healthy`, `degraded` (slow or warnings, never
 * down), `partial` (down, but up at least 99% of the day) or `down`.
 *
 * @example
 * ```ts
 * import { dayClass } from './dashboard-charts.js';
 * dayClass({ date: '2025-01-01', total: 288, healthy: 286, degraded: 0, down: 2, uptime: 286 / 288 }); // 'partial'
 * ```
 */
export function dayClass(cell: DayCell): 'none' | 'healthy' | 'degraded' | 'partial' | 'down' {
  if (cell.total === 0 || cell.uptime === null) return 'none';
  if (cell.down === 0) return cell.degraded === 0 ? 'healthy' : 'degraded';
  return cell.uptime >= 0.99 ? 'partial' : 'down';
}

/**
 * Formats a share as a percentage without ever rounding up to 100%: 0.99996 → `99.99%`.
 *
 * @example
 * ```ts
 * import { formatUptime } from './dashboard-charts.js';
 * formatUptime(1); // '100%'
 * formatUptime(0.99996); // '99.99%'
 * formatUptime(null); // '–'
 * ```
 */
export function formatUptime(share: number | null): string {
  if (share === null) return '–';
  if (share >= 1) return '100%';
  return `${(Math.floor(share * 10_000) / 100).toFixed(2)}%`;
}

/**
 * The daily status strip as inline SVG: one bar per day, with a tooltip per bar.
 *
 * @example
 * ```ts
 * import { renderStatusStrip } from './dashboard-charts.js';
 * const svg = renderStatusStrip([{ date: '2025-01-01', total: 0, healthy: 0, degraded: 0, down: 0, uptime: null }]);
 * ```
 */
export function renderStatusStrip(cells: readonly DayCell[]): string {
  const step = 8;
  const bars = cells
    .map((cell, index) => {
      const tip =
        cell.total === 0
          ? `${cell.date}: no data`
          : `${cell.date}: ${formatUptime(cell.uptime)} up, ${cell.total} results, ${cell.down} down, ${cell.degraded} degraded`;
      return `<rect class="${escapeHtml(dayClass(cell))}" x="${escapeHtml(index * step)}" y="0" width="6" height="34" rx="1.5"><title>${escapeHtml(tip)}</title></rect>`;
    })
    .join('');
  const bad = cells.filter((c) => c.down > 0).length;
  const label = `Daily status for the last ${cells.length} days: ${bad} day${bad === 1 ? '' : 's'} with downtime`;
  return `<svg class="strip" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${escapeHtml(cells.length * step - 2)} 34" preserveAspectRatio="none">${bars}</svg>`;
}

const WIDTH = 560;
const HEIGHT = 200;
const LEFT = 58;
const BOTTOM = 22;
const TOP = 8;
const HOUR_MS = 3_600_000;

/**
 * The latency chart as inline SVG: hourly p50 (solid) and p95 (dashed) over `spanHours` ending at
 * `end`, with gaps where there was no data.
 *
 * @example
 * ```ts
 * import { renderLatencyChart } from './dashboard-charts.js';
 * const svg = renderLatencyChart([{ at: '2025-01-01T10:00:00.000Z', p50: 12, p95: 30 }], new Date('2025-01-01T12:00:00Z'));
 * ```
 */
export function renderLatencyChart(points: readonly LatencyPoint[], end: Date, spanHours = 168): string {
  if (points.length === 0) return '<p class="muted">No response times in the last 7 days.</p>';
  const endMs = Math.ceil(end.getTime() / HOUR_MS) * HOUR_MS;
  const startMs = endMs - spanHours * HOUR_MS;
  const top = niceCeiling(Math.max(...points.map((p) => p.p95)));
  const x = (at: string) => LEFT + ((Date.parse(at) - startMs) / (endMs - startMs)) * (WIDTH - LEFT - 4);
  const y = (ms: number) => TOP + (1 - ms / top) * (HEIGHT - TOP - BOTTOM);
  const grid = [0, top / 2, top]
    .map(
      (ms) =>
        `<line class="grid-line" x1="${escapeHtml(LEFT)}" x2="${escapeHtml(WIDTH)}" y1="${escapeHtml(y(ms).toFixed(1))}" y2="${escapeHtml(y(ms).toFixed(1))}"/><text x="${escapeHtml(LEFT - 6)}" y="${escapeHtml((y(ms) + 4).toFixed(1))}" text-anchor="end">${escapeHtml(formatMs(ms))}</text>`,
    )
    .join('');
  const days: string[] = [];
  for (let t = Math.ceil(startMs / (24 * HOUR_MS)) * 24 * HOUR_MS; t <= endMs; t += 24 * HOUR_MS) {
    const label = new Date(t).toISOString().slice(5, 10);
    days.push(
      `<text x="${escapeHtml(x(new Date(t).toISOString()).toFixed(1))}" y="${escapeHtml(HEIGHT - 6)}" text-anchor="middle">${escapeHtml(label)}</text>`,
    );
  }
  const lines = (['p50', 'p95'] as const)
    .map((key) =>
      segments(points)
        .map(
          (run) =>
            `<polyline class="${escapeHtml(key)}" points="${escapeHtml(run.map((p) => `${x(p.at).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' '))}"/>`,
        )
        .join(''),
    )
    .join('');
  const label = `Hourly response time, last 7 days; p95 peaks at ${formatMs(Math.max(...points.map((p) => p.p95)))}`;
  return `<svg class="chart" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${escapeHtml(WIDTH)} ${escapeHtml(HEIGHT)}">${grid}${days.join('')}${lines}</svg>`;
}

function segments(points: readonly LatencyPoint[]): LatencyPoint[][] {
  const runs: LatencyPoint[][] = [];
  let current: LatencyPoint[] = [];
  for (const point of points) {
    const previous = current[current.length - 1];
    if (previous && Date.parse(point.at) - Date.parse(previous.at) > HOUR_MS) {
      runs.push(current);
      current = [];
    }
    current.push(point);
  }
  runs.push(current);
  // A single isolated hour still needs two points to draw; widen it slightly.
  return runs.map((run) =>
    run.length === 1
      ? [run[0]!, { ...run[0]!, at: new Date(Date.parse(run[0]!.at) + HOUR_MS / 2).toISOString() }]
      : run,
  );
}

function niceCeiling(value: number): number {
  if (value <= 0) return 10;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/**
 * Formats milliseconds for labels: `850 ms`, `1.2 s`.
 *
 * @example
 * ```ts
 * import { formatMs } from './dashboard-charts.js';
 * formatMs(1234); // '1.2 s'
 * ```
 */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  return `${Math.round(ms)} ms`;
}
