import { EXIT_CODES, type RunReport, runChecks } from '../checks/run-checks.js';
import { configTargets, loadMonitorConfig, type MonitorConfig } from '../config/monitor-config.js';
import type { TargetOptions } from '../config/target-options.js';
import { toHistoryChecks } from '../history/history-entry.js';
import { appendHistory } from '../history/history-file.js';
import { MonitorError } from '../monitor-error.js';
import { VERSION } from '../version.js';
import { flagsToCheckOptions, type HealthFlags, parseHealthArgs } from './cli-health-options.js';
import { parseWholeNumber, runCli, wantsColor } from './cli-support.js';
import { formatReport } from './format-report.js';
import { terminalJson, terminalText } from './terminal-text.js';

const HELP = `Usage: mana-auth-health [options] <base-url>...
       mana-auth-health --config monitor.json [options]

Checks Mana Auth services: GET <base-url>/health and <base-url>/jwks (EdDSA/Ed25519 only,
no private keys), the seven security headers, response time, TLS certificate (https), and
optionally a login smoke test. <base-url> is the auth base path, e.g.
http://localhost:3001/api/v1/auth (the monitor appends /health and /jwks).

Targets
  -c, --config <file>        JSON config with several targets (see README)
      --name <name>          name of the single <base-url> target (default: its host)
      --health-path <path>   health path relative to the base URL (default: health)
      --jwks-path <path>     JWKS path relative to the base URL (default: jwks)
      --login                also sign in with MANA_AUTH_MONITOR_EMAIL / MANA_AUTH_MONITOR_PASSWORD,
                             verify the access token against the JWKS, then sign out
      --allow-insecure-login allow the login over plain http:// to a host that is not
                             loopback (sends the password in clear text; refused otherwise)

Thresholds
      --timeout <ms>         give up on a request after <ms> (default: 10000)
      --retries <n>          repeat a request that got no answer or a 5xx (default: 0)
      --retry-delay <ms>     pause between retries (default: 1000)
      --degraded-ms <ms>     slowest response at or above this is degraded (default: 500)
      --down-ms <ms>         slowest response at or above this is down (default: 2000)
      --tls-warn-days <d>    degraded when the certificate expires within <d> days (default: 21)
      --tls-fail-days <d>    down when the certificate expires within <d> days (default: 7)
      --header "Name: value" expect this header value (repeatable; "Name" alone: must be present)
      --skip-header <name>   do not check this header (repeatable)
      --skip <check>         skip health, jwks, headers, latency, tls or login (repeatable)

Output
      --json                 print the report as JSON
  -q, --quiet                print nothing when every target is healthy (for cron mail)
      --color, --no-color    force or disable colour (default: only on a terminal; NO_COLOR honoured)
      --history <file>       append the results to this JSON-lines history file
      --history-raw-days <n> keep individual results <n> days, then daily summaries (default: 7)
      --history-keep-days <n> drop daily summaries after <n> days (default: 400)
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 healthy, 1 degraded, 2 down, 3 usage or config error (also when the history
cannot be written and no target is down).
`;

async function main(args: string[]): Promise<number> {
  const { values: flags, positionals } = parseHealthArgs(args);
  if (flags.help) {
    process.stdout.write(HELP);
    return EXIT_CODES.healthy;
  }
  if (flags.version) {
    process.stdout.write(`${VERSION}\n`);
    return EXIT_CODES.healthy;
  }
  const config = flags.config ? await loadMonitorConfig(flags.config) : undefined;
  const targets = collectTargets(flags, positionals, config);
  const defaults = { ...config?.defaults, ...flagsToCheckOptions(flags) };
  defaults.headers = { ...config?.defaults?.headers, ...flagsToCheckOptions(flags).headers };
  const historyFile = flags.history ?? config?.history?.file;
  const retention = {
    rawDays: parseWholeNumber('--history-raw-days', flags['history-raw-days']) ?? config?.history?.rawDays,
    keepDays:
      parseWholeNumber('--history-keep-days', flags['history-keep-days']) ?? config?.history?.keepDays,
  };
  validateRetention(retention);
  const report = await runChecks(targets, defaults);
  printReport(report, flags);
  if (!historyFile) return report.exitCode;
  try {
    const written = await appendHistory(historyFile, toHistoryChecks(report), retention);
    if (written.skippedLines > 0)
      process.stderr.write(
        `mana-auth-health: dropped ${written.skippedLines} unreadable or invalid line(s) from ${terminalText(historyFile)}\n`,
      );
  } catch (error) {
    process.stderr.write(
      `mana-auth-health: results not recorded: ${terminalText((error as Error).message)}\n`,
    );
    return report.exitCode === EXIT_CODES.down ? EXIT_CODES.down : EXIT_CODES.usage;
  }
  return report.exitCode;
}

function collectTargets(
  flags: HealthFlags,
  positionals: string[],
  config: MonitorConfig | undefined,
): TargetOptions[] {
  if (flags.name && positionals.length !== 1) {
    throw new MonitorError(
      'INVALID_OPTION',
      '--name names a single <base-url>; for several targets use a --config file with a "name" per target.',
    );
  }
  const insecure = flags['allow-insecure-login'] === true;
  const login = flags.login
    ? { ...loginFromEnv(), ...(insecure ? { allowInsecureHttp: true } : {}) }
    : undefined;
  const fromArgs = positionals.map(
    (baseUrl): TargetOptions => ({
      baseUrl,
      ...(flags.name ? { name: flags.name } : {}),
      ...(login ? { login } : {}),
    }),
  );
  const fromConfig = (config ? configTargets(config, process.env) : []).map((target) =>
    insecure && target.login ? { ...target, login: { ...target.login, allowInsecureHttp: true } } : target,
  );
  return [...fromConfig, ...fromArgs];
}

function loginFromEnv(): { email: string; password: string } {
  const email = process.env.MANA_AUTH_MONITOR_EMAIL;
  const password = process.env.MANA_AUTH_MONITOR_PASSWORD;
  if (!email || !password) {
    throw new MonitorError(
      'INVALID_OPTION',
      '--login needs MANA_AUTH_MONITOR_EMAIL and MANA_AUTH_MONITOR_PASSWORD in the environment (a dedicated monitoring account).',
    );
  }
  return { email, password };
}

function validateRetention(retention: { rawDays: number | undefined; keepDays: number | undefined }): void {
  const raw = retention.rawDays ?? 7;
  const keep = retention.keepDays ?? 400;
  if (raw < 1 || keep < raw) {
    throw new MonitorError(
      'INVALID_OPTION',
      `history retention: raw days (${raw}) must be at least 1 and keep days (${keep}) at least the raw days.`,
    );
  }
}

function printReport(report: RunReport, flags: HealthFlags): void {
  if (flags.quiet && report.status === 'healthy') return;
  if (flags.json) {
    process.stdout.write(`${terminalJson(report)}\n`);
    return;
  }
  process.stdout.write(formatReport(report, { color: wantsColor(flags, process.env, process.stdout.isTTY) }));
}

runCli('mana-auth-health', () => main(process.argv.slice(2)));
