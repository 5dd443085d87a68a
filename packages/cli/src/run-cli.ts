import { type ParseArgsConfig, parseArgs } from 'node:util';
import { didYouMean, ManaError } from '@mana/internal';
import { CLI_EXIT, CliUsageError } from './cli-error.js';
import type { CliCommand, CliFlag } from './command.js';
import { GLOBAL_FLAGS, resolveCliConfig } from './config.js';
import { type CliFlagValue, type CliIo, openContext } from './context.js';
import { commandHelp, indexHelp, PROGRAM } from './help.js';
import { CLI_VERSION } from './version.js';

type Match = { kind: 'command'; command: CliCommand; rest: string[] } | { kind: 'group'; group: string[] };

function findCommand(commands: readonly CliCommand[], args: readonly string[]): Match {
  const words: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  let best: CliCommand | undefined;
  for (const command of commands) {
    const fits = command.path.every((word, i) => words[i] === word);
    if (fits && command.path.length > (best?.path.length ?? 0)) best = command;
  }
  if (best) return { kind: 'command', command: best, rest: args.slice(best.path.length) };
  // The longest prefix that names a group (e.g. `keys`) shows that group's commands.
  for (let n = words.length; n >= 0; n--) {
    const group = words.slice(0, n);
    const members = commands.filter((command) => group.every((word, i) => command.path[i] === word));
    if (members.length === 0) continue;
    if (n < words.length) {
      const known = new Set(members.map((command) => command.path[n] as string));
      throw new CliUsageError(
        `unknown command "${words.slice(0, n + 1).join(' ')}"`,
        `${didYouMean(words[n] as string, known)}run "${PROGRAM} ${group.join(' ')}${group.length ? ' ' : ''}--help" for the list`,
      );
    }
    return { kind: 'group', group };
  }
  return { kind: 'group', group: [] };
}

function parseFlags(command: CliCommand, rest: readonly string[]) {
  const flags: readonly CliFlag[] = [...GLOBAL_FLAGS, ...command.flags];
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const flag of flags) options[flag.name] = { type: flag.type, multiple: flag.multiple === true };
  options.help = { type: 'boolean', short: 'h' };
  try {
    return parseArgs({ args: [...rest], options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    const unknown = /Unknown option '(--?[^']+)'/.exec(message)?.[1];
    const hint = unknown
      ? didYouMean(
          unknown.replace(/^-+/, ''),
          flags.map((flag) => flag.name),
        ).replace(/"([^"]+)"/, '"--$1"')
      : '';
    throw new CliUsageError(
      message.replace(/\. To specify.*$/, ''),
      `${hint}run "${PROGRAM} ${command.path.join(' ')} --help" for its options`,
    );
  }
}

function checkPositionals(command: CliCommand, positionals: readonly string[]): void {
  const expected = command.positionals ?? [];
  const required = expected.filter((p) => p.required);
  if (positionals.length < required.length) {
    throw new CliUsageError(
      `missing <${required[positionals.length]?.name}>`,
      `run "${PROGRAM} ${command.usage}"`,
    );
  }
  if (positionals.length > expected.length) {
    throw new CliUsageError(
      `unexpected argument "${positionals[expected.length]}"`,
      `run "${PROGRAM} ${command.path.join(' ')} --help" for its usage`,
    );
  }
}

async function runCommand(command: CliCommand, rest: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(command, rest);
  if (values.help) {
    await writeAll(io, commandHelp(command));
    return CLI_EXIT.ok;
  }
  checkPositionals(command, positionals);
  const config = resolveCliConfig(values, io.env);
  const opened = openContext({ flags: values as Record<string, CliFlagValue>, positionals, config, io });
  try {
    const code = await command.run(opened.context);
    return io.signal.aborted && code === CLI_EXIT.ok ? CLI_EXIT.interrupted : code;
  } finally {
    await opened.close();
  }
}

const writeAll = (io: CliIo, text: string) =>
  new Promise<void>((resolve) => {
    io.stdout.write(text, () => resolve());
  });

/**
 * Runs `mana-auth` with `args` (without the program name) and resolves to the exit code. An
 * error prints one line on stderr: `mana-auth <command>: <message> — <fix>`.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal });
 * ```
 */
export async function runCli(
  commands: readonly CliCommand[],
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  let name: string = PROGRAM;
  try {
    if (args[0] === '--version' || args[0] === '-v') {
      await writeAll(io, `${CLI_VERSION}\n`);
      return CLI_EXIT.ok;
    }
    const match = findCommand(commands, args);
    if (match.kind === 'group') {
      const rest = args.slice(match.group.length);
      if (rest.length > 0 && !rest.every((arg) => arg === '--help' || arg === '-h')) {
        throw new CliUsageError(
          `"${[PROGRAM, ...match.group].join(' ')}" needs a command before ${JSON.stringify(rest[0])}`,
          `run "${[PROGRAM, ...match.group].join(' ')} --help" for the list`,
        );
      }
      const members = commands.filter((command) => match.group.every((word, i) => command.path[i] === word));
      const help = indexHelp(members, match.group);
      // Asked for (`--help`): stdout and 0. No command given: the same list on stderr and 2.
      if (rest.length > 0) {
        await writeAll(io, help);
        return CLI_EXIT.ok;
      }
      io.stderr.write(help);
      return CLI_EXIT.usage;
    }
    name = `${PROGRAM} ${match.command.path.join(' ')}`;
    return await runCommand(match.command, match.rest, io);
  } catch (error) {
    io.stderr.write(`${errorLine(name, error)}\n`);
    if (error instanceof ManaError && error.code === 'CLI_USAGE') return CLI_EXIT.usage;
    return CLI_EXIT.failed;
  }
}

function errorLine(name: string, error: unknown): string {
  if (!(error instanceof Error)) return `${name}: ${String(error)}`;
  const fix = error instanceof ManaError && error.fix ? ` — ${error.fix}` : '';
  // One line: a multi-line driver message is folded.
  return `${name}: ${error.message.replace(/\s*\n\s*/g, ' ')}${fix}`;
}
