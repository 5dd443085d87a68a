import type { CheckResult } from './check-result.js';
import type { ProbeResult } from './http-probe.js';

/**
 * Thresholds of {@link checkLatency}.
 *
 * @example
 * ```ts
 * import type { LatencyThresholds } from './check-latency.js';
 * const thresholds: LatencyThresholds = { degradedResponseMs: 500, downResponseMs: 2000, timeoutMs: 10_000 };
 * ```
 */
export interface LatencyThresholds {
  degradedResponseMs: number;
  downResponseMs: number;
  timeoutMs: number;
}

/**
 * Judges the slowest complete response: below `degradedResponseMs` passes, below `downResponseMs`
 * warns, otherwise (or on a timeout) fails. Skipped when no request produced a response for
 * another reason (connection refused, DNS), which the other checks already report.
 *
 * @example
 * ```ts
 * import { checkLatency } from './check-latency.js';
 * import { probeUrl } from './http-probe.js';
 * const probe = await probeUrl('http://localhost:3001/api/v1/auth/health');
 * const result = checkLatency([probe], { degradedResponseMs: 500, downResponseMs: 2000, timeoutMs: 10_000 });
 * console.log(result.summary); // slowest 12 ms (/health) ...
 * ```
 */
export function checkLatency(probes: readonly ProbeResult[], limits: LatencyThresholds): CheckResult {
  const timedOut = probes.find((p) => p.error?.kind === 'timeout');
  const thresholds = `degraded >= ${limits.degradedResponseMs} ms, down >= ${limits.downResponseMs} ms`;
  if (timedOut) {
    const path = new URL(timedOut.url).pathname;
    return {
      name: 'latency',
      status: 'fail',
      summary: `${path} timed out after ${limits.timeoutMs} ms`,
      problems: [
        `GET ${path} did not answer within ${limits.timeoutMs} ms; find what blocks the service (database, event loop, proxy).`,
      ],
      details: { slowestMs: null, timeoutMs: limits.timeoutMs },
    };
  }
  const answered = probes.filter((p) => p.response);
  if (answered.length === 0) {
    return { name: 'latency', status: 'skip', summary: 'no response to time', problems: [] };
  }
  const slowest = answered.reduce((a, b) => (b.elapsedMs > a.elapsedMs ? b : a));
  const ms = Math.round(slowest.elapsedMs);
  const path = new URL(slowest.url).pathname;
  const details = {
    slowestMs: ms,
    path,
    degradedResponseMs: limits.degradedResponseMs,
    downResponseMs: limits.downResponseMs,
  };
  const summary = `slowest ${ms} ms (${path}); ${thresholds}`;
  if (ms < limits.degradedResponseMs)
    return { name: 'latency', status: 'pass', summary, problems: [], details };
  const fail = ms >= limits.downResponseMs;
  return {
    name: 'latency',
    status: fail ? 'fail' : 'warn',
    summary,
    problems: [
      `GET ${path} took ${ms} ms, at or over the ${fail ? 'down' : 'degraded'} threshold of ${fail ? limits.downResponseMs : limits.degradedResponseMs} ms; look for slow database queries or an overloaded host, or raise the threshold if this is normal for this target.`,
    ],
    details,
  };
}
