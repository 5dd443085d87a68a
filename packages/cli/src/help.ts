import type { CliCommand, CliFlag } from './command.js';
import { GLOBAL_FLAGS } from './config.js';

/** The program name, first word of every usage and error line. */
export const PROGRAM = 'mana-auth';

const EXIT_CODES =
  'Exit codes: 0 done, 1 the operation failed, 2 bad input (one line on stderr naming the fix),\n' +
  '3 a verification found a problem, 130 interrupted (work done so far is kept).';

const ENVIRONMENT = `Configuration (the same variables as the library and the example servers)
  DATABASE_URL       PostgreSQL URL of the service (or --database-url)
  REDIS_URL          Redis URL, when the service uses Redis (or --redis-url)
  REDIS_KEY_PREFIX   Redis key prefix of the service (default mana-auth:)
  AUTH_SCHEMA        PostgreSQL schema of the tables (default auth, or --schema)
  AUTH_SECRET        the service's secret (for commands that need it)
  AUDIT_HASH_KEY     the audit log's pseudonym key (default: derived from AUTH_SECRET as the
                     example servers derive it)
  AUDIT_SIGNING_KEY  PEM of the Ed25519 audit key (integrity on: purge, verify; or --signing-key)
  AUDIT_PUBLIC_KEY   PEM of its public half (audit verify, verify-proof; or --public-key)
  AUDIT_COMMIT_KEY   the writer's integrity.commitKey (audit verify, erase)`;

const flagLabel = (flag: CliFlag) =>
  `--${flag.name}${flag.type === 'string' ? ` ${flag.valueName ?? '<value>'}` : ''}`;

function flagLines(flags: readonly CliFlag[]): string[] {
  const width = Math.max(...flags.map((flag) => flagLabel(flag).length));
  return flags.map((flag) => `  ${flagLabel(flag).padEnd(width)}  ${flag.description}`);
}

/**
 * The `--help` text of one command.
 *
 * @example
 * ```ts
 * process.stdout.write(commandHelp(command));
 * ```
 */
export function commandHelp(command: CliCommand): string {
  const parts = [`Usage: ${PROGRAM} ${command.usage}`, '', command.description.trim(), ''];
  if (command.flags.length > 0) parts.push('Options', ...flagLines(command.flags), '');
  parts.push('Global options', ...flagLines(GLOBAL_FLAGS), '');
  if (command.examples?.length) {
    parts.push('Examples', ...command.examples.map((example) => `  ${PROGRAM} ${example}`), '');
  }
  parts.push(EXIT_CODES, '');
  return parts.join('\n');
}

/**
 * The index of `commands` (all of them, or one group's): usage, one line per command, the
 * configuration variables and the exit codes.
 *
 * @example
 * ```ts
 * process.stdout.write(indexHelp(COMMANDS, []));
 * ```
 */
export function indexHelp(commands: readonly CliCommand[], group: readonly string[]): string {
  const prefix = group.length ? `${group.join(' ')} ` : '';
  const names = commands.map((command) => command.path.join(' '));
  const width = Math.max(...names.map((name) => name.length));
  const lines = commands.map((command, i) => `  ${(names[i] as string).padEnd(width)}  ${command.summary}`);
  return [
    `Usage: ${PROGRAM} ${prefix}<command> [options]`,
    '',
    group.length
      ? `Commands of "${group.join(' ')}":`
      : 'Operate a service built on @mana/auth-core and @mana/security-events.\n\nCommands',
    ...lines,
    '',
    `Run "${PROGRAM} <command> --help" for the options of a command.`,
    '',
    ENVIRONMENT,
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}
