import type { CheckResult } from './check-result.js';
import type { ProbeResult } from './http-probe.js';
import { answerOf } from './response-problem.js';

const HEALTHY = new Set(['ok', 'healthy', 'up', 'pass', 'available']);
const DEGRADED = new Set(['degraded', 'warn', 'warning']);
const DOWN = new Set(['error', 'down', 'fail', 'failed', 'unhealthy', 'unavailable']);

/**
 * Judges the answer of the health endpoint: it must be 2xx without a redirect. When the body is
 * JSON with a `status` field, `ok`/`healthy`/`up`/`pass` pass, `degraded`/`warn` warn and
 * `error`/`down`/`fail`/`unhealthy` fail; a plain-text body is accepted as is.
 *
 * @example
 * ```ts
 * import { checkHealth } from './check-health.js';
 * import { probeUrl } from './http-probe.js';
 * const result = checkHealth(await probeUrl('http://localhost:3001/api/v1/auth/health'));
 * console.log(result.status, result.summary);
 * ```
 */
export function checkHealth(probe: ProbeResult): CheckResult {
  const ms = Math.round(probe.elapsedMs);
  const answer = answerOf(probe, 'health', 'health endpoint', {
    url: probe.url,
    status: probe.response?.status ?? null,
    ms,
  });
  if (!answer.ok) return answer.failed;
  const { status, statusText, body } = answer.response;
  const reported = reportedStatus(body);
  const details = { url: probe.url, status, ms, reported };
  const head = `${status}${statusText ? ` ${statusText}` : ''} in ${ms} ms`;
  if (reported === null || HEALTHY.has(reported) || (!DEGRADED.has(reported) && !DOWN.has(reported))) {
    return {
      name: 'health',
      status: 'pass',
      summary: reported ? `${head}, status "${reported}"` : head,
      problems: [],
      details,
    };
  }
  const down = DOWN.has(reported);
  return {
    name: 'health',
    status: down ? 'fail' : 'warn',
    summary: `${head}, but status "${reported}"`,
    problems: [
      `GET ${new URL(probe.url).pathname} answered ${status} but reports status "${reported}"${down ? '' : ' (degraded)'}; look at the service's health details and logs.`,
    ],
    details,
  };
}

function reportedStatus(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'status' in parsed) {
      const value = (parsed as { status: unknown }).status;
      if (typeof value === 'string') return value.toLowerCase();
    }
  } catch {
    // Plain-text health bodies ("OK") are fine.
  }
  return null;
}
