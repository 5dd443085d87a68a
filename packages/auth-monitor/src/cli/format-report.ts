import type { CheckStatus, TargetHealth } from '../checks/check-result.js';
import type { RunReport } from '../checks/run-checks.js';
import { terminalText as safe } from './terminal-text.js';

/**
 * Options of {@link formatReport}.
 *
 * @example
 * ```ts
 * import type { FormatOptions } from './format-report.js';
 * const options: FormatOptions = { color: process.stdout.isTTY === true };
 * ```
 */
export interface FormatOptions {
  /** Use ANSI colours. Default false. */
  color?: boolean;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  red: '\u001b[31m',
};
const MARK: Record<CheckStatus, string> = { pass: '✔', warn: '▲', fail: '✖', skip: '–' };
const CHECK_COLOR: Record<CheckStatus, keyof typeof ANSI> = {
  pass: 'green',
  warn: 'yellow',
  fail: 'red',
  skip: 'dim',
};
const TARGET_COLOR: Record<TargetHealth, keyof typeof ANSI> = {
  healthy: 'green',
  degraded: 'yellow',
  down: 'red',
};

/**
 * Renders a run report as the readable table the CLI prints on a terminal: one block per
 * target, one line per check, each problem (with its fix) on its own line, and a summary line.
 * Every value that comes from a target (name, URL, summaries, problems) goes through
 * `terminalText` before it is coloured, so a target cannot send escape sequences to the terminal.
 *
 * @example
 * ```ts
 * import { formatReport } from './format-report.js';
 * import { runChecks } from '@mana/auth-monitor';
 * const report = await runChecks([{ baseUrl: 'http://localhost:3001/api/v1/auth' }]);
 * process.stdout.write(formatReport(report, { color: process.stdout.isTTY === true }));
 * ```
 */
export function formatReport(report: RunReport, options: FormatOptions = {}): string {
  const paint = (text: string, ...styles: (keyof typeof ANSI)[]) =>
    options.color ? `${styles.map((s) => ANSI[s]).join('')}${text}${ANSI.reset}` : text;
  const when = `${report.startedAt.slice(0, 10)} ${report.startedAt.slice(11, 19)} UTC`;
  const lines = [
    paint(
      `mana-auth-health ${safe(report.version)} · ${safe(when)} · ${report.targets.length} target${report.targets.length === 1 ? '' : 's'} · ${report.durationMs} ms`,
      'dim',
    ),
    '',
  ];
  for (const target of report.targets) {
    lines.push(
      `${paint(target.status.toUpperCase().padEnd(8), 'bold', TARGET_COLOR[target.status])} ${paint(safe(target.name), 'bold')}  ${safe(target.baseUrl)}`,
    );
    for (const check of target.checks) {
      const mark = paint(`${MARK[check.status]} ${check.name.padEnd(8)}`, CHECK_COLOR[check.status]);
      const summary = safe(check.summary);
      lines.push(`  ${mark}  ${check.status === 'skip' ? paint(summary, 'dim') : summary}`);
      for (const problem of check.problems)
        lines.push(`              ${paint('→', CHECK_COLOR[check.status])} ${safe(problem)}`);
    }
    lines.push('');
  }
  const { healthy, degraded, down } = report.counts;
  lines.push(`${healthy} healthy, ${degraded} degraded, ${down} down → exit ${report.exitCode}`);
  return `${lines.join('\n')}\n`;
}
