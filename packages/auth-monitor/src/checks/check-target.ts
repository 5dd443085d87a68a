import type { ResolvedTarget } from '../config/resolve-targets.js';
import { VERSION } from '../version.js';
import { checkHeaders } from './check-headers.js';
import { checkHealth } from './check-health.js';
import { checkJwks } from './check-jwks.js';
import { checkLatency } from './check-latency.js';
import { checkLogin } from './check-login.js';
import {
  CHECK_NAMES,
  type CheckName,
  type CheckResult,
  type TargetHealth,
  targetHealth,
} from './check-result.js';
import { checkTls } from './check-tls.js';
import { type ProbeResult, probeUrl } from './http-probe.js';

/**
 * Everything one run found out about one target.
 *
 * @example
 * ```ts
 * import type { TargetReport } from '@mana/auth-monitor';
 * function failed(report: TargetReport): string[] {
 *   return report.checks.filter((c) => c.status === 'fail').flatMap((c) => c.problems);
 * }
 * ```
 */
export interface TargetReport {
  /** Target name (unique within a run). */
  name: string;
  /** Base URL the checks ran against. */
  baseUrl: string;
  /** `down` if any check failed, `degraded` if any warned, else `healthy`. */
  status: TargetHealth;
  /** When the checks started (ISO 8601). */
  checkedAt: string;
  /** Wall-clock time for all checks of this target. */
  durationMs: number;
  /** Slowest complete response of `/health` and `/jwks`, or `null` when neither answered. */
  responseMs: number | null;
  /** One result per check, in {@link CHECK_NAMES} order. */
  checks: CheckResult[];
}

/**
 * Runs every check against one resolved target. The health, JWKS and TLS requests go out in
 * parallel; the optional login test follows (it needs the JWKS). Never throws for a broken
 * target: failures are results.
 *
 * @example
 * ```ts
 * import { checkTarget } from './check-target.js';
 * import { resolveTargets } from '../config/resolve-targets.js';
 * const [target] = resolveTargets([{ baseUrl: 'http://localhost:3001/api/v1/auth' }]);
 * const report = await checkTarget(target!);
 * console.log(report.status, report.checks.map((c) => `${c.name}:${c.status}`).join(' '));
 * ```
 */
export async function checkTarget(target: ResolvedTarget): Promise<TargetReport> {
  const checkedAt = new Date().toISOString();
  const started = performance.now();
  const needs = (own: CheckName) =>
    [own, 'headers', 'latency'].some((name) => !target.skip.has(name as CheckName));
  const probeOptions = {
    timeoutMs: target.timeoutMs,
    retries: target.retries,
    retryDelayMs: target.retryDelayMs,
    userAgent: `mana-auth-monitor/${VERSION}`,
  };
  const [health, jwks, tls] = await Promise.all([
    needs('health') ? probeUrl(target.healthUrl, probeOptions) : undefined,
    needs('jwks') || target.login ? probeUrl(target.jwksUrl, probeOptions) : undefined,
    target.skip.has('tls')
      ? undefined
      : checkTls(target.baseUrl, {
          timeoutMs: target.timeoutMs,
          warnDays: target.tlsWarnDays,
          failDays: target.tlsFailDays,
        }),
  ]);
  const login = target.skip.has('login')
    ? undefined
    : await checkLogin(target, parseJson(jwks?.response?.body));
  const probes = [health, jwks].filter((p): p is ProbeResult => p !== undefined);
  const results: Record<CheckName, () => CheckResult | undefined> = {
    health: () => health && withRetries(checkHealth(health), health),
    jwks: () => jwks && withRetries(checkJwks(jwks), jwks),
    headers: () => checkHeaders(probes, target.headerRules),
    latency: () => checkLatency(probes, target),
    tls: () => tls,
    login: () => login,
  };
  const checks = CHECK_NAMES.map((name): CheckResult => {
    const result = target.skip.has(name) ? undefined : results[name]();
    return result ?? { name, status: 'skip', summary: 'switched off', problems: [] };
  });
  const answered = probes.filter((p) => p.response).map((p) => p.elapsedMs);
  return {
    name: target.name,
    baseUrl: target.baseUrl,
    status: targetHealth(checks.map((c) => c.status)),
    checkedAt,
    durationMs: Math.round(performance.now() - started),
    responseMs: answered.length ? Math.round(Math.max(...answered)) : null,
    checks,
  };
}

function withRetries(result: CheckResult, probe: ProbeResult): CheckResult {
  if (probe.attempts <= 1) return result;
  return { ...result, summary: `${result.summary} (after ${probe.attempts} attempts)` };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
