import type { CheckResult, JsonValue } from './check-result.js';
import { evaluateSecurityHeaders, type HeaderFinding } from './evaluate-security-headers.js';
import type { ProbeResult } from './http-probe.js';
import type { HeaderRule } from './security-header-policy.js';

/**
 * Checks the security headers of every answered probe (normally `/health` and `/jwks`) against
 * the compiled policy. One problem per wrong header, naming the paths, the value seen and the
 * value expected. Skipped when no probe got an answer.
 *
 * @example
 * ```ts
 * import { checkHeaders } from './check-headers.js';
 * import { compileHeaderPolicy } from './security-header-policy.js';
 * import { probeUrl } from './http-probe.js';
 * const probe = await probeUrl('http://localhost:3001/api/v1/auth/health');
 * const result = checkHeaders([probe], compileHeaderPolicy());
 * for (const problem of result.problems) console.log(problem);
 * ```
 */
export function checkHeaders(probes: readonly ProbeResult[], rules: readonly HeaderRule[]): CheckResult {
  const answered = probes.filter((p) => p.response);
  if (answered.length === 0) {
    return { name: 'headers', status: 'skip', summary: 'no response to inspect', problems: [] };
  }
  if (rules.length === 0) {
    return {
      name: 'headers',
      status: 'skip',
      summary: 'no header expected (all switched off)',
      problems: [],
    };
  }
  const perPath = answered.map((p) => ({
    path: new URL(p.url).pathname,
    findings: evaluateSecurityHeaders(p.response!.headers, rules),
  }));
  const problems: string[] = [];
  const wrong: string[] = [];
  rules.forEach((rule, index) => {
    const bad = perPath
      .map(({ path, findings }) => ({ path, finding: findings[index]! }))
      .filter(({ finding }) => !finding.ok);
    if (bad.length === 0) return;
    wrong.push(rule.name);
    problems.push(...describe(rule, bad));
  });
  const paths = perPath.map((p) => p.path).join(', ');
  const details: { [key: string]: JsonValue } = {};
  for (const finding of perPath[0]!.findings)
    details[finding.name] = { expected: finding.expected, actual: finding.actual };
  if (wrong.length === 0) {
    return {
      name: 'headers',
      status: 'pass',
      summary: `${rules.length}/${rules.length} headers as expected on ${paths}`,
      problems,
      details: { headers: details },
    };
  }
  return {
    name: 'headers',
    status: 'fail',
    summary: `${wrong.length} of ${rules.length} headers wrong: ${wrong.join(', ')}`,
    problems,
    details: { headers: details },
  };
}

function describe(rule: HeaderRule, bad: { path: string; finding: HeaderFinding }[]): string[] {
  const fix =
    rule.expected === null
      ? `send "${rule.name}" on every response`
      : `send "${rule.name}: ${rule.expected}" on every response`;
  const byValue = new Map<string | null, string[]>();
  for (const { path, finding } of bad)
    byValue.set(finding.actual, [...(byValue.get(finding.actual) ?? []), path]);
  return [...byValue].map(([actual, paths]) => {
    const where = paths.join(' and ');
    const seen =
      actual === null ? `is missing on ${where}` : `is "${actual}" on ${where}, expected "${rule.expected}"`;
    return `${rule.name} ${seen}; ${fix} (e.g. with @mana/secure-headers), or change the expected policy if this is deliberate.`;
  });
}
