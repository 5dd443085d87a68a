import type { CheckResult } from './check-result.js';
import type { ProbeResult } from './http-probe.js';
import { answerOf, snippet } from './response-problem.js';
import { validateJwks } from './validate-jwks.js';

/**
 * Judges the JWKS endpoint's answer: 200, JSON, and a key set that {@link validateJwks} accepts
 * (only public EdDSA / Ed25519 OKP keys). A content type other than JSON only warns.
 *
 * @example
 * ```ts
 * import { checkJwks } from './check-jwks.js';
 * import { probeUrl } from './http-probe.js';
 * const result = checkJwks(await probeUrl('http://localhost:3001/api/v1/auth/jwks'));
 * console.log(result.status, result.summary); // pass 1 key: EdDSA/Ed25519 (kid "...") in 8 ms
 * ```
 */
export function checkJwks(probe: ProbeResult): CheckResult {
  const ms = Math.round(probe.elapsedMs);
  const answer = answerOf(probe, 'jwks', 'JWKS endpoint', { url: probe.url, ms });
  if (!answer.ok) return answer.failed;
  const { body, headers } = answer.response;
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return {
      name: 'jwks',
      status: 'fail',
      summary: 'not JSON',
      problems: [
        `GET ${new URL(probe.url).pathname} did not return JSON${snippet(body)}. Is the base URL pointing at the auth service?`,
      ],
      details: { url: probe.url, ms },
    };
  }
  const { keys, findings } = validateJwks(document);
  const contentType = headers.get('content-type') ?? '';
  const problems = findings.map((f) => f.message);
  let status: CheckResult['status'] = findings.some((f) => f.severity === 'fail')
    ? 'fail'
    : findings.length
      ? 'warn'
      : 'pass';
  if (!/json/i.test(contentType)) {
    problems.push(
      `GET ${new URL(probe.url).pathname} has Content-Type "${contentType}"; serve the JWKS as application/json so that every client parses it.`,
    );
    if (status === 'pass') status = 'warn';
  }
  const kinds = [...new Set(keys.map((k) => `${k.alg ?? '?'}/${k.crv ?? k.kty ?? '?'}`))].join(', ');
  const kids = keys.map((k) => k.kid).filter((kid): kid is string => kid !== null);
  const summary = `${keys.length} key${keys.length === 1 ? '' : 's'}${kinds ? `: ${kinds}` : ''}${kids.length ? ` (kid ${kids.map((k) => `"${k}"`).join(', ')})` : ''} in ${ms} ms`;
  return {
    name: 'jwks',
    status,
    summary,
    problems,
    details: { url: probe.url, ms, keys: keys.map((k) => ({ ...k })) },
  };
}
