import type { CheckName, CheckResult, JsonValue } from './check-result.js';
import type { ProbeResponse, ProbeResult } from './http-probe.js';

/**
 * Explains why a probe did not produce a usable 200 answer, or returns `null` when it did.
 * Shared by the `health` and `jwks` checks so that both word failures the same way.
 *
 * @example
 * ```ts
 * import { responseProblem } from './response-problem.js';
 * const problem = responseProblem(probe, 'health endpoint');
 * if (problem) console.log(problem);
 * ```
 */
export function responseProblem(probe: ProbeResult, what: string): string | null {
  const path = new URL(probe.url).pathname;
  if (probe.error) return `GET ${path}: ${probe.error.message}`;
  const response = probe.response;
  if (!response) return `GET ${path}: no response.`;
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? '(no Location header)';
    return `GET ${path} redirected (${response.status}) to ${location}; monitor the final URL directly, the ${what} must answer without a redirect.`;
  }
  if (response.status < 200 || response.status >= 300) {
    return `GET ${path} returned ${response.status}${response.statusText ? ` ${response.statusText}` : ''}, expected 200${snippet(response.body)}. Check the service logs.`;
  }
  return null;
}

/**
 * A probe's 2xx answer, ready to be judged, or the failed check result when there is none
 * (network error, redirect, error status). Shared by the checks that read an endpoint, so that
 * they all fail the same way.
 *
 * @example
 * ```ts
 * const answer = answerOf(probe, 'health', 'health endpoint', { url: probe.url });
 * if (!answer.ok) return answer.failed;
 * console.log(answer.response.status);
 * ```
 */
export type ProbeAnswer = { ok: true; response: ProbeResponse } | { ok: false; failed: CheckResult };

/**
 * Sorts a probe into a usable answer or a failed check (see {@link ProbeAnswer}).
 *
 * @param details structured details attached to the failure (e.g. `{ url, ms }`).
 * @example
 * ```ts
 * const answer = answerOf(probe, 'jwks', 'JWKS endpoint', { url: probe.url, ms: 12 });
 * ```
 */
export function answerOf(
  probe: ProbeResult,
  name: CheckName,
  what: string,
  details?: { [key: string]: JsonValue },
): ProbeAnswer {
  const problem = responseProblem(probe, what);
  if (!problem && probe.response) return { ok: true, response: probe.response };
  const failed: CheckResult = {
    name,
    status: 'fail',
    summary: failureSummary(probe),
    problems: [problem ?? 'no response'],
    ...(details ? { details } : {}),
  };
  return { ok: false, failed };
}

/**
 * First 160 characters of a body on one line, for error messages.
 *
 * @example
 * ```ts
 * snippet('{"status":\n "error"}'); // ': {"status": "error"}'
 * ```
 */
export function snippet(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (!line) return '';
  return `: ${line.length > 160 ? `${line.slice(0, 157)}...` : line}`;
}

const KIND_TEXT = {
  timeout: 'timed out',
  refused: 'connection refused',
  dns: 'DNS lookup failed',
  tls: 'TLS error',
  reset: 'connection reset',
  network: 'request failed',
} as const;

/**
 * Short summary of a failed probe, e.g. `connection refused` or `HTTP 500 Internal Server Error`.
 *
 * @example
 * ```ts
 * failureSummary(await probeUrl('http://127.0.0.1:9999/health')); // 'connection refused'
 * ```
 */
export function failureSummary(probe: ProbeResult): string {
  if (probe.error) return KIND_TEXT[probe.error.kind];
  const response = probe.response;
  if (!response) return 'no response';
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}
