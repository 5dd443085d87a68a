import { EXIT_CODES } from '../checks/run-checks.js';
import { MonitorError } from '../monitor-error.js';

/**
 * Parses a whole, non-negative number given to a CLI flag.
 *
 * @throws {MonitorError} `INVALID_OPTION` naming the flag and the bad value.
 * @example
 * ```ts
 * parseWholeNumber('--timeout', '5000'); // 5000
 * ```
 */
export function parseWholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw new MonitorError('INVALID_OPTION', `${flag} must be a whole number, got "${value}".`);
  }
  return Number(value.trim());
}

/**
 * Decides whether to colour terminal output: `--no-color` and `NO_COLOR` switch it off,
 * `--color` and `FORCE_COLOR` switch it on, otherwise only when stdout is a terminal.
 *
 * @example
 * ```ts
 * const color = wantsColor({ color: false, 'no-color': false }, process.env, process.stdout.isTTY);
 * ```
 */
export function wantsColor(
  flags: { color?: boolean | undefined; 'no-color'?: boolean | undefined },
  env: Readonly<Record<string, string | undefined>>,
  isTty: boolean | undefined,
): boolean {
  if (flags['no-color']) return false;
  if (flags.color) return true;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return isTty === true;
}

/**
 * Runs a CLI main function: its resolved number becomes the exit code; a {@link MonitorError} or
 * a flag-parsing error prints one line to stderr and exits with 3.
 *
 * @example
 * ```ts
 * runCli('mana-auth-health', () => main(process.argv.slice(2)));
 * ```
 */
export function runCli(program: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const known =
        error instanceof MonitorError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${program}: ${message}${known ? `\nRun "${program} --help" for usage.` : ''}\n`);
      if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = EXIT_CODES.usage;
    },
  );
}
