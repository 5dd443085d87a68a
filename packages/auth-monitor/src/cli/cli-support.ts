import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closest, describeValue } from '@mana/internal';
import { EXIT_CODES } from '../checks/run-checks.js';
import { MonitorError } from '../monitor-error.js';
import { terminalText } from './terminal-text.js';

/**
 * Flag definitions in `node:util` parseArgs form.
 *
 * @example
 * ```ts
 * const flags: FlagOptions = { json: { type: 'boolean' }, out: { type: 'string', short: 'o' } };
 * ```
 */
export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * What {@link parseFlags} returns for a set of flag definitions.
 *
 * @example
 * ```ts
 * type Parsed = ParsedFlags<{ json: { type: 'boolean' } }>; // { values: { json?: boolean }, positionals: string[] }
 * ```
 */
export type ParsedFlags<Options extends FlagOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: Options; allowPositionals: true; strict: true }>
>;

/**
 * Parses a command line strictly with `node:util` parseArgs (positionals allowed). An unknown
 * flag that is close to a known one says which one was meant, e.g.
 * `Unknown option '--timout'; did you mean "--timeout"?`.
 *
 * @throws {MonitorError} `INVALID_OPTION` for a misspelt flag; parseArgs' own error otherwise.
 * @example
 * ```ts
 * const { values, positionals } = parseFlags(['--json', 'http://localhost:3001/api/v1/auth'], {
 *   json: { type: 'boolean' },
 * });
 * ```
 */
export function parseFlags<const Options extends FlagOptions>(
  args: string[],
  options: Options,
): ParsedFlags<Options> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw misspeltFlag(error, Object.keys(options)) ?? error;
  }
}

function misspeltFlag(error: unknown, known: readonly string[]): MonitorError | undefined {
  if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined;
  const flag = /'(--?[^'=]+)/.exec((error as Error).message)?.[1];
  const suggestion = flag === undefined ? undefined : closest(flag.replace(/^-+/, ''), known);
  if (suggestion === undefined) return undefined;
  return new MonitorError('INVALID_OPTION', `Unknown option '${flag}'; did you mean "--${suggestion}"?`, {
    cause: error,
  });
}

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
    throw new MonitorError('INVALID_OPTION', `${flag} must be a whole number, got ${describeValue(value)}.`);
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
 * a flag-parsing error prints one line to stderr (through `terminalText`) and exits with 3.
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
      const message = terminalText(error instanceof Error ? error.message : String(error));
      process.stderr.write(`${program}: ${message}${known ? `\nRun "${program} --help" for usage.` : ''}\n`);
      if (!known && error instanceof Error && error.stack)
        process.stderr.write(`${terminalText(error.stack, { multiline: true })}\n`);
      process.exitCode = EXIT_CODES.usage;
    },
  );
}
