import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeValue } from '@mana/internal';
import { EXIT_CODES } from '../checks/run-checks.js';
import { badgeFileName, statusBadge } from '../dashboard/dashboard-badge.js';
import { type DashboardOptions, renderDashboard } from '../dashboard/render-dashboard.js';
import { readHistory, writeAtomically } from '../history/history-file.js';
import { summarizeHistory } from '../history/history-summary.js';
import { MonitorError } from '../monitor-error.js';
import { VERSION } from '../version.js';
import { parseFlags, parseWholeNumber, runCli } from './cli-support.js';
import { terminalText } from './terminal-text.js';

const HELP = `Usage: mana-auth-dashboard --history <file> --out <status.html> [options]

Renders a self-contained HTML status page (no scripts, no external assets, strict CSP) from the
history file that "mana-auth-health --history" writes: current checks, uptime for 24 h / 7 d /
30 d / 90 d, a daily status strip, a p50/p95 latency chart, incidents, the last results, and a
banner when the data is stale.

Options
      --history <file>       history file to read (required)
  -o, --out <file>           HTML file to write, atomically ("-" for stdout) (required)
      --title <text>         page title (default: Mana Auth status)
      --days <n>             days in the status strip (default: 90)
      --refresh <seconds>    reload the page every <seconds>; 0 disables (default: 300)
      --stale-after <min>    banner when the latest result is older than <min> minutes (default: 15)
      --incident-after <n>   non-healthy results in a row that open an incident (default: 2)
      --resolve-after <n>    healthy results in a row that close it (default: 2)
      --badges <dir>         also write a shields.io endpoint badge JSON per target into <dir>
      --now <iso-time>       render as of this time instead of now (reproducible pages)
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 written, 3 usage error or unreadable history.
`;

const FLAGS = {
  history: { type: 'string' },
  out: { type: 'string', short: 'o' },
  title: { type: 'string' },
  days: { type: 'string' },
  refresh: { type: 'string' },
  'stale-after': { type: 'string' },
  'incident-after': { type: 'string' },
  'resolve-after': { type: 'string' },
  badges: { type: 'string' },
  now: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

async function main(args: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(args, FLAGS);
  if (flags.help) return print(HELP);
  if (flags.version) return print(`${VERSION}\n`);
  if (positionals.length)
    throw new MonitorError(
      'INVALID_OPTION',
      `unexpected argument "${positionals[0]}"; pass files with --history and --out.`,
    );
  if (!flags.history || !flags.out)
    throw new MonitorError('INVALID_OPTION', 'both --history <file> and --out <file> are required.');
  const options = dashboardOptions(flags);
  const history = await readHistory(flags.history);
  if (history.skippedLines > 0)
    process.stderr.write(
      `mana-auth-dashboard: ignored ${history.skippedLines} unreadable or invalid line(s) in ${terminalText(flags.history)}\n`,
    );
  const html = renderDashboard(history, options);
  if (flags.out === '-') process.stdout.write(terminalText(html, { multiline: true }));
  else await write(flags.out, html);
  if (flags.badges) await writeBadges(flags.badges, history, options);
  return EXIT_CODES.healthy;
}

function dashboardOptions(
  flags: { [K in keyof typeof FLAGS]?: string | boolean | undefined },
): DashboardOptions {
  const number = (flag: keyof typeof FLAGS, min: number) => {
    const value = parseWholeNumber(`--${flag}`, flags[flag] as string | undefined);
    if (value !== undefined && value < min)
      throw new MonitorError('INVALID_OPTION', `--${flag} must be at least ${min}, got ${value}.`);
    return value;
  };
  const options: DashboardOptions = {};
  const set = <K extends keyof DashboardOptions>(key: K, value: DashboardOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('title', flags.title as string | undefined);
  set('days', number('days', 1));
  set('refreshSeconds', number('refresh', 0));
  set('staleAfterMinutes', number('stale-after', 1));
  set('openAfter', number('incident-after', 1));
  set('closeAfter', number('resolve-after', 1));
  if (typeof flags.now === 'string') {
    const now = new Date(flags.now);
    if (Number.isNaN(now.getTime()))
      throw new MonitorError(
        'INVALID_OPTION',
        `--now must be an ISO 8601 time such as 2025-01-31T12:00:00Z, got ${describeValue(flags.now)}.`,
      );
    options.now = now;
  }
  return options;
}

async function write(path: string, content: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeAtomically(path, content);
  } catch (error) {
    throw new MonitorError(
      'HISTORY_IO',
      `cannot write ${path}: ${(error as Error).message}. Check the folder and its permissions.`,
      { cause: error },
    );
  }
}

async function writeBadges(
  dir: string,
  history: Awaited<ReturnType<typeof readHistory>>,
  options: DashboardOptions,
): Promise<void> {
  const used = new Map<string, number>();
  for (const target of summarizeHistory(history, options)) {
    let file = badgeFileName(target.name);
    const seen = used.get(file) ?? 0;
    used.set(file, seen + 1);
    if (seen > 0) file = file.replace(/\.json$/, `-${seen + 1}.json`);
    await write(join(dir, file), `${JSON.stringify(statusBadge(target), null, 2)}\n`);
  }
}

function print(text: string): number {
  process.stdout.write(terminalText(text, { multiline: true }));
  return EXIT_CODES.healthy;
}

runCli('mana-auth-dashboard', () => main(process.argv.slice(2)));
