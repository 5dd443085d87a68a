import { resolveTargets } from '../config/resolve-targets.js';
import type { CheckOptions, TargetOptions } from '../config/target-options.js';
import { VERSION } from '../version.js';
import type { TargetHealth } from './check-result.js';
import { checkTarget, type TargetReport } from './check-target.js';

/**
 * Process exit codes of `mana-auth-health` (cron friendly):
 * `0` every target healthy, `1` at least one degraded and none down, `2` at least one down,
 * `3` usage or config error (bad flag, bad config, unwritable history): the monitor itself could
 * not do its job.
 *
 * @example
 * ```ts
 * import { EXIT_CODES } from './run-checks.js';
 * if (process.exitCode === EXIT_CODES.down) console.error('auth is down');
 * ```
 */
export const EXIT_CODES = Object.freeze({ healthy: 0, degraded: 1, down: 2, usage: 3 } as const);

/**
 * One of the {@link EXIT_CODES}.
 *
 * @example
 * ```ts
 * import type { ExitCode } from './run-checks.js';
 * const code: ExitCode = 2;
 * ```
 */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/**
 * The result of checking every target once. This is exactly what `--json` prints.
 *
 * @example
 * ```ts
 * import type { RunReport } from '@mana/auth-monitor';
 * function line(report: RunReport): string {
 *   return `${report.status}: ${report.counts.down} down of ${report.targets.length}`;
 * }
 * ```
 */
export interface RunReport {
  tool: 'mana-auth-monitor';
  version: string;
  /** When the run started (ISO 8601). */
  startedAt: string;
  durationMs: number;
  /** Worst target status. */
  status: TargetHealth;
  /** Exit code the CLI uses for this report. */
  exitCode: ExitCode;
  /** Number of targets per status. */
  counts: Record<TargetHealth, number>;
  targets: TargetReport[];
}

/**
 * Checks every target in parallel and summarises the run.
 *
 * @param defaults options for every target that the target does not set itself.
 * @throws {MonitorError} `INVALID_OPTION` when a target or option is invalid (before any request).
 * @example
 * ```ts
 * import { runChecks } from '@mana/auth-monitor';
 * const report = await runChecks([{ baseUrl: 'http://localhost:3001/api/v1/auth' }], { timeoutMs: 5000 });
 * process.exitCode = report.exitCode;
 * ```
 */
export async function runChecks(
  targets: readonly TargetOptions[],
  defaults: CheckOptions = {},
): Promise<RunReport> {
  const resolved = resolveTargets(targets, defaults);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const reports = await Promise.all(resolved.map((target) => checkTarget(target)));
  return summarizeRun(reports, startedAt, Math.round(performance.now() - started));
}

/**
 * Builds a {@link RunReport} from target reports (for callers that run {@link checkTarget} themselves).
 *
 * @example
 * ```ts
 * import { checkTarget } from './check-target.js';
 * import { resolveTargets } from '../config/resolve-targets.js';
 * import { summarizeRun } from './run-checks.js';
 * const targets = resolveTargets([{ baseUrl: 'http://localhost:3001/api/v1/auth' }]);
 * const report = summarizeRun(await Promise.all(targets.map(checkTarget)), new Date().toISOString(), 0);
 * ```
 */
export function summarizeRun(targets: TargetReport[], startedAt: string, durationMs: number): RunReport {
  const counts: Record<TargetHealth, number> = { healthy: 0, degraded: 0, down: 0 };
  for (const target of targets) counts[target.status]++;
  const status: TargetHealth = counts.down > 0 ? 'down' : counts.degraded > 0 ? 'degraded' : 'healthy';
  return {
    tool: 'mana-auth-monitor',
    version: VERSION,
    startedAt,
    durationMs,
    status,
    exitCode: EXIT_CODES[status],
    counts,
    targets,
  };
}
